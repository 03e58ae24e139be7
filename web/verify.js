// Progressive enhancement for /verify: sends the pasted or chosen credential to
// POST /credentials/verify and shows every check in plain words. No inline script, so
// the page works under a CSP without 'unsafe-inline'.
const labels = {
  structure: 'It is a well-formed verifiable credential',
  context: 'It uses only known vocabularies',
  issuer: "The issuer's identity (DID) was found",
  proof: 'The signature matches: it has not been altered',
  validity: 'It is within its validity dates',
  status: 'It has not been revoked or suspended',
  schema: 'It follows the Open Badges 3.0 format',
};

const form = document.getElementById('verify-form');
const textarea = document.getElementById('credential');
const fileInput = document.getElementById('file');

fileInput.addEventListener('change', async () => {
  const file = fileInput.files?.[0];
  if (file) textarea.value = await file.text();
});

function show(result, fallbackMessage) {
  const section = document.getElementById('result');
  const revoked = result?.errors?.some((e) => e.code === 'revoked' || e.code === 'suspended');
  section.className = result?.verified ? 'valid' : revoked ? 'revoked' : 'invalid';
  document.getElementById('verdict').textContent = result?.verified ? 'Valid certificate' : revoked ? 'Revoked or suspended' : 'Not valid';
  document.getElementById('summary').textContent = result?.verified ? 'Every check passed.' : (result?.errors?.[0]?.message ?? fallbackMessage ?? '');
  const list = document.getElementById('checks');
  list.replaceChildren(
    ...(result?.checks ?? []).map((check) => {
      const item = document.createElement('li');
      item.className = check.valid ? 'ok' : 'bad';
      item.textContent = check.valid ? labels[check.id] ?? check.id : `${labels[check.id] ?? check.id}: no. ${check.error?.message ?? ''}`;
      return item;
    }),
  );
  section.hidden = false;
  section.focus?.();
}

async function verify(credential) {
  const response = await fetch('/credentials/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verifiableCredential: credential }),
  });
  const body = await response.json();
  show('verified' in body ? body : undefined, body.detail);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  let credential;
  try {
    credential = JSON.parse(textarea.value);
  } catch {
    show(undefined, 'That is not valid JSON. Paste the whole certificate file.');
    return;
  }
  await verify(credential);
});

// Opened from a QR code: /verify?id=<credential id> fetches the public credential.
const id = new URLSearchParams(location.search).get('id');
if (id) {
  fetch(`/credentials/${encodeURIComponent(id)}`).then(async (response) => {
    if (!response.ok) return show(undefined, 'This certificate is not public or does not exist.');
    const credential = await response.json();
    textarea.value = JSON.stringify(credential, null, 2);
    await verify(credential);
  });
}
