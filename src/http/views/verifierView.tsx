/**
 * The verifier (paste, upload, photo, or certificate number) as a block any page can show:
 * the home page and the server's /verify. Its markup is the one written in web/verify.html
 * between the `verifier:start` and `verifier:end` markers, so the Workers verifier (which
 * serves that file as it is) and the server show the same form to web/verify.js, which
 * finds its elements by id. One source, no copy to drift.
 */
import { raw } from 'hono/html';
import { VERIFY_PAGE } from '../webAssets.generated.js';

function verifierMarkup(page: string): string {
  const start = page.indexOf('<!-- verifier:start');
  const end = page.indexOf('<!-- verifier:end -->');
  if (start < 0 || end < start)
    throw new Error('web/verify.html lost its verifier:start / verifier:end markers');
  return page.slice(page.indexOf('-->', start) + 3, end).trim();
}

const VERIFIER = verifierMarkup(VERIFY_PAGE);

/** The script the block needs, for the page's head (the number lookup's is inside the block). */
export function VerifierScript() {
  return <script type="module" src="/assets/verify.js"></script>;
}

/** The verifier's form, result area and number lookup. Ids are fixed: one per page. */
export function Verifier() {
  return <div class="verifier">{raw(VERIFIER)}</div>;
}
