// Live preview for the certificate template form (/admin/templates): on every change,
// waits for a pause in typing, then asks the server to draw the form's current design
// (GET /admin/templates/preview.png?design=<base64url JSON of the form's text fields>,
// plus base=<templateId>:<version> so the saved images are kept) and swaps the picture.
// Errors (a bad colour, an unknown placeholder) are shown in the caption, which screen
// readers announce. External file, no inline script: the console's CSP allows none.
// Chosen image files are not sent (a URL cannot carry them): they show once saved.

const DEBOUNCE_MS = 600;

const form = document.querySelector('form[data-preview-url]');
const image = document.getElementById('template-preview');
const status = document.getElementById('template-preview-status');

/** The form's design fields as an object of strings (unticked boxes and blanks left out). */
function currentFields() {
  const names = new Set(form.dataset.previewFields.split(','));
  const fields = {};
  for (const element of form.elements) {
    if (!names.has(element.name) || element.type === 'file') continue;
    if (element.type === 'checkbox') {
      if (element.checked) fields[element.name] = element.value;
    } else if (element.value !== '') {
      fields[element.name] = element.value;
    }
  }
  return fields;
}

/** UTF-8 JSON as base64url, the form the server expects. */
function base64url(value) {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reads a blob as a data: URL (the CSP allows data: images, not blob: ones). */
function dataUrlOf(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

let timer;
let inFlight;

async function refresh() {
  const params = new URLSearchParams({ design: base64url(currentFields()) });
  if (form.dataset.previewBase) params.set('base', form.dataset.previewBase);
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  status.textContent = 'Updating the preview…';
  try {
    const response = await fetch(`${form.dataset.previewUrl}?${params}`, {
      signal: controller.signal,
      headers: { accept: 'image/png, application/problem+json' },
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      status.textContent = `The preview could not be drawn: ${problem.detail ?? `error ${response.status}`}`;
      return;
    }
    const orientation = form.elements.orientation?.value;
    image.src = await dataUrlOf(await response.blob());
    if (orientation === 'portrait' || orientation === 'landscape') {
      image.width = orientation === 'portrait' ? 794 : 1123;
      image.height = orientation === 'portrait' ? 1123 : 794;
    }
    status.textContent = 'Preview of your unsaved changes, with a sample participant. Save to keep them.';
  } catch (error) {
    if (error.name !== 'AbortError')
      status.textContent = 'The preview could not be updated; check your connection.';
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(refresh, DEBOUNCE_MS);
}

if (form && image && status) {
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
}
