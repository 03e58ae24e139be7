// Progressive enhancement for /verify: sends the pasted or chosen credential to
// POST /credentials/verify and shows the verdict first, then every check in plain words.
// A baked Open Badges image (PNG or SVG) is sent as it is; the server reads the
// credential out of it.
// No inline script, so the page works under a CSP without 'unsafe-inline'.
// Each check: its name, and what a pass means in plain words.
const checks = {
  structure: ['Format', 'a well-formed verifiable credential'],
  context: ['Vocabulary', 'only known vocabularies are used'],
  issuer: ['Issuer', "the issuer's identity (DID) was found"],
  proof: ['Signature', 'valid, the certificate has not been altered'],
  validity: ['Dates', 'within its validity period'],
  status: ['Revocation', 'not revoked or suspended'],
  schema: ['Open Badges format', 'follows the Open Badges 3.0 schema'],
};
const order = ['structure', 'context', 'issuer', 'proof', 'validity', 'status', 'schema'];

const form = document.getElementById('verify-form');
const textarea = document.getElementById('credential');
const fileInput = document.getElementById('file');
const details = document.getElementById('json-details');
const fileNote = document.getElementById('file-note');

// The badge image chosen, sent on submit until JSON is pasted or another file chosen.
let image;

/** The media type to send a chosen file as, when it is a badge image. */
function imageType(file) {
  if (file.type === 'image/png' || /\.png$/i.test(file.name)) return 'image/png';
  if (file.type === 'image/svg+xml' || /\.svg$/i.test(file.name)) return 'image/svg+xml';
  return undefined;
}

function setImage(file, type) {
  image = file ? { file, type } : undefined;
  fileNote.textContent = file ? `${file.name}: the certificate baked into this image will be verified.` : '';
  fileNote.hidden = !file;
}

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  if (!file) return;
  const type = imageType(file);
  if (type) {
    textarea.value = '';
    setImage(file, type);
  } else {
    setImage(undefined);
    textarea.value = await file.text();
  }
});

textarea.addEventListener('input', () => {
  if (image) {
    setImage(undefined);
    fileInput.value = '';
  }
});

function item(className, text) {
  const li = document.createElement('li');
  li.className = className;
  li.textContent = text;
  return li;
}

// Refusals to check (too large, too complex, too costly, busy) are not verdicts on the
// certificate: they say so, and never look like a pass.
const NOT_CHECKED = new Set(['payload_too_large', 'credential_too_large', 'credential_too_complex', 'verification_too_costly', 'verification_busy']);

function show(result, fallbackMessage, refusal) {
  const section = document.getElementById('result');
  const revoked = result?.errors?.some((e) => e.code === 'revoked' || e.code === 'suspended');
  section.className = result?.verified ? 'valid' : revoked ? 'revoked' : 'invalid';
  document.getElementById('verdict').textContent = result?.verified
    ? 'Valid certificate'
    : revoked
      ? 'Revoked or suspended'
      : NOT_CHECKED.has(refusal)
        ? 'Could not be checked'
        : 'Not valid';
  document.getElementById('summary').textContent = result?.verified ? 'Every check passed.' : (result?.errors?.[0]?.message ?? fallbackMessage ?? '');
  const byId = new Map((result?.checks ?? []).map((check) => [check.id, check]));
  const rows = result
    ? order.map((id) => {
        const check = byId.get(id);
        const [name, passed] = checks[id];
        if (!check) return item('skipped', `${name}: not checked`);
        if (check.valid) return item('ok', `${name}: ${passed}`);
        return item('bad', `${name}: not valid. ${check.error?.message ?? ''}`);
      })
    : [];
  // A structural failure stops verification at once; listing six unchecked rows adds nothing.
  document.getElementById('checks').replaceChildren(...(byId.size > 1 ? rows : rows.filter((row) => row.className !== 'skipped')));
  section.hidden = false;
  section.focus();
}

async function send(contentType, body) {
  const response = await fetch('/credentials/verify', {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/json' },
    body,
  });
  const result = await response.json().catch(() => ({}));
  if (response.status === 413) return show(undefined, result.detail ?? 'This file is too large to verify here.', 'payload_too_large');
  show('verified' in result ? result : undefined, result.detail, result.code);
}

function verify(credential) {
  return send('application/json', JSON.stringify({ verifiableCredential: credential }));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (image) {
    await send(image.type, image.file);
    return;
  }
  let credential;
  try {
    credential = JSON.parse(textarea.value);
  } catch {
    show(undefined, 'That is not valid JSON. Paste the whole certificate file.');
    return;
  }
  await verify(credential);
});

// Opened from a QR code: /verify?id=<credential id> fetches the public credential and
// shows the verdict first, with the JSON folded away.
const id = new URLSearchParams(location.search).get('id');
if (id) {
  details.open = false;
  fetch(`/credentials/${encodeURIComponent(id)}`, { headers: { accept: 'application/json' } }).then(async (response) => {
    if (!response.ok) return show(undefined, 'This certificate is not public or does not exist.');
    const credential = await response.json();
    textarea.value = JSON.stringify(credential, null, 2);
    await verify(credential);
  });
}
