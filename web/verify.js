// Progressive enhancement for /verify: sends the pasted or chosen credential to
// POST /credentials/verify and shows the verdict first, then every check in plain words.
// A baked Open Badges image (PNG or SVG) is sent as it is; the server reads the
// credential out of it.
// No inline script, so the page works under a CSP without 'unsafe-inline'.
const form = document.getElementById('verify-form');
const textarea = document.getElementById('credential');
const fileInput = document.getElementById('file');
const details = document.getElementById('json-details');
const fileNote = document.getElementById('file-note');

// The badge image chosen, sent on submit until JSON is pasted or another file chosen.
let image;

/**
 * The media type to send a chosen file as, when it is a certificate picture or PDF: the
 * server reads the credential baked into it or attached to it, or follows its QR code.
 */
function imageType(file) {
  if (file.type === 'image/png' || /\.png$/i.test(file.name)) return 'image/png';
  if (file.type === 'image/jpeg' || /\.jpe?g$/i.test(file.name)) return 'image/jpeg';
  if (file.type === 'image/svg+xml' || /\.svg$/i.test(file.name)) return 'image/svg+xml';
  if (file.type === 'application/pdf' || /\.pdf$/i.test(file.name)) return 'application/pdf';
  return undefined;
}

function setImage(file, type) {
  image = file ? { file, type } : undefined;
  fileNote.textContent = file
    ? `${file.name}: the certificate in this file will be verified (the one baked into it or attached to it, or else the one its QR code leads to).`
    : '';
  fileNote.hidden = !file;
}

// A phone photo of a printed certificate can be 12 megapixels; its QR code reads as well at
// 2,000 pixels, which sends a tenth of the bytes and decodes within the server's time budget.
// Only JPEG photos are shrunk: a PNG may carry the credential baked into it, which
// re-encoding would lose.
const MAX_PHOTO_SIDE = 2000;
async function shrunkPhoto(file) {
  const bitmap = await createImageBitmap(file).catch(() => undefined);
  if (!bitmap) return file;
  const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  if (scale === 1) return file;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
  return blob ?? file;
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

function item(className, label, text) {
  const li = document.createElement('li');
  li.className = className;
  const strong = document.createElement('strong');
  strong.textContent = `${label}:`;
  li.append(strong, ` ${text}`);
  return li;
}

// Refusals to check (too large, too complex, too costly, busy) are not verdicts on the
// certificate: they say so, and never look like a pass.
const NOT_CHECKED = new Set([
  'payload_too_large',
  'credential_too_large',
  'credential_too_complex',
  'verification_too_costly',
  'verification_busy',
  'picture_too_large',
]);
// A file that carries no certificate, or a QR code that leads elsewhere: nothing was
// checked, and the page says what the file is instead of calling a certificate invalid.
const NO_CERTIFICATE = {
  picture_without_credential: 'No certificate found in this file',
  qr_foreign_link: 'This QR code leads to another site',
};

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
function inWords(value) {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : DATE.format(time);
}

// Only pictures from this site or inside the credential are shown: the page never makes the
// visitor's browser call an address a credential names (the CSP would refuse it anyway).
function showableImage(url) {
  return typeof url === 'string' && (url.startsWith('data:image/') || url.startsWith(`${location.origin}/`));
}

/** Who earned what, from whom, when: what the credential says, shown whatever the verdict. */
function showFacts(result) {
  const about = document.getElementById('about');
  const facts = result?.credential;
  if (!facts) {
    about.hidden = true;
    return;
  }
  const issuer = result.issuer;
  const issuerText =
    issuer?.standing === 'own' || issuer?.standing === 'trusted'
      ? issuer.displayName
      : issuer?.name
        ? `Unknown issuer calling itself '${issuer.name}'`
        : 'Unknown issuer';
  const rows = [
    ['Awarded to', facts.recipientName ?? 'Not named in the certificate'],
    ['Achievement', facts.achievementName],
    ['Description', facts.description],
    ['Criteria', facts.criteria],
    ['Issued by', issuerText],
    ['Issuer DID', issuer?.id],
    ['Issued on', facts.validFrom && inWords(facts.validFrom)],
    ['Expires', facts.validUntil ? inWords(facts.validUntil) : 'No expiry date'],
    ['Certificate number', facts.certificateNumber],
  ];
  const list = document.getElementById('facts');
  list.replaceChildren(
    ...rows
      .filter(([, value]) => value)
      .flatMap(([name, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = name;
        const dd = document.createElement('dd');
        dd.textContent = value;
        if (name === 'Issuer DID') dd.className = 'did';
        return [dt, dd];
      }),
  );
  const image = document.getElementById('achievement-image');
  image.hidden = !showableImage(facts.image);
  if (!image.hidden) {
    image.src = facts.image;
    image.alt = `Badge: ${facts.achievementName}`;
  }
  about.hidden = false;
}

function show(result, fallbackMessage, refusal) {
  const section = document.getElementById('result');
  const verdict = result?.verdict;
  const unchecked = NOT_CHECKED.has(refusal) || refusal in NO_CERTIFICATE;
  section.className = verdict?.kind ?? (unchecked ? 'caution' : 'invalid');
  document.getElementById('verdict').textContent =
    verdict?.headline ??
    NO_CERTIFICATE[refusal] ??
    (NOT_CHECKED.has(refusal) ? 'Could not be checked' : 'Not valid');
  document.getElementById('summary').textContent = verdict?.detail ?? fallbackMessage ?? '';
  showFacts(result);
  const lines = verdict?.lines ?? [];
  document
    .getElementById('checks')
    .replaceChildren(
      ...lines.map((line) =>
        item(
          line.state === 'passed' ? 'ok' : line.state === 'failed' ? 'bad' : 'skipped',
          line.label,
          line.words,
        ),
      ),
    );
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
  if (response.status === 413)
    return show(undefined, result.detail ?? 'This file is too large to verify here.', 'payload_too_large');
  show('verified' in result ? result : undefined, result.detail, result.code);
}

const recipientEmail = document.getElementById('recipient-email');

function verify(credential) {
  const email = recipientEmail.value.trim();
  const options = email ? { recipientEmail: email } : undefined;
  return send(
    'application/json',
    JSON.stringify({ verifiableCredential: credential, ...(options ? { options } : {}) }),
  );
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (image) {
    await send(image.type, image.type === 'image/jpeg' ? await shrunkPhoto(image.file) : image.file);
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

// Opened from a certificate page: /verify?id=<credential id> fetches the public credential,
// /verify?v=<token> the one behind a verification link (private certificates too); either
// shows the verdict first, with the JSON folded away.
const params = new URLSearchParams(location.search);
const id = params.get('id');
const token = params.get('v');
// A certificate number in ?id= (no colon: ids are URLs or URNs) is the number lookup's (verifyNumber.js).
const source = token
  ? `/v/${encodeURIComponent(token)}/credential.json`
  : id?.includes(':')
    ? `/credentials/${encodeURIComponent(id)}`
    : undefined;
if (source) {
  details.open = false;
  fetch(source, { headers: { accept: 'application/json' } }).then(async (response) => {
    if (!response.ok) return show(undefined, 'This certificate is not public or does not exist.');
    const credential = await response.json();
    textarea.value = JSON.stringify(credential, null, 2);
    await verify(credential);
  });
}
