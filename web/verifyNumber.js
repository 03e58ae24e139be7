// The certificate number lookup on /verify: asks GET /credentials/verify-number with the
// number and surname, and on a match opens the certificate's verification page. Any other
// answer shows the server's sentence: one wording for "no such number" and "wrong surname"
// alike, so the page tells nothing more than the API does.
// No inline script, so the page works under a CSP without 'unsafe-inline'.
const form = document.getElementById('number-form');
const result = document.getElementById('number-result');

function show(message, kind = 'error') {
  result.className = `notice ${kind}`;
  result.textContent = message;
  result.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button');
  const query = new URLSearchParams({
    number: form.elements.number.value,
    surname: form.elements.surname.value,
  });
  result.hidden = true;
  button.disabled = true;
  try {
    const response = await fetch(`/credentials/verify-number?${query}`, {
      headers: { accept: 'application/json' },
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok && typeof body.verificationUrl === 'string') {
      // The path only: the page stays on the origin the visitor is using.
      window.location.assign(new URL(body.verificationUrl, window.location.href).pathname);
      return;
    }
    show(typeof body.detail === 'string' ? body.detail : 'The lookup did not work; try again in a moment.');
  } catch {
    show('The lookup did not work; check your connection and try again.');
  } finally {
    button.disabled = false;
  }
});

// /verify?id=SP-2026-000001: a certificate number where a credential id belongs (ids are
// URLs or URNs, so they hold a colon; numbers never do). Fill the number in and ask for the
// surname, rather than answering "not found" for a certificate that may well exist.
const id = new URLSearchParams(window.location.search).get('id');
if (id && !id.includes(':')) {
  form.elements.number.value = id;
  show("That is a certificate number: enter the holder's surname to look the certificate up.", 'info');
  form.elements.surname.focus();
}
