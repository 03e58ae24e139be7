/**
 * The page shell every server-rendered page uses: head (no inline script or style, so
 * the CSP needs no 'unsafe-inline'), a skip link, the navigation for the signed-in
 * person's role, and a main landmark. Pages pass their content as children.
 */
import type { Child } from 'hono/jsx';
import type { UserRecord } from '../../storage/ports.js';

/** What every page tells the layout. */
export interface PageProps {
  title: string;
  user?: UserRecord | undefined;
  csrfToken: string;
  /** Extra head elements (Open Graph tags on the certificate page). */
  head?: Child;
  /** A wide page (the home page's two columns); the console widens itself by its section nav. */
  wide?: boolean;
  children?: Child;
}

function navFor(user: UserRecord | undefined): { href: string; label: string }[] {
  if (!user)
    return [
      { href: '/verify', label: 'Verify a certificate' },
      { href: '/login', label: 'Log in' },
    ];
  const links = [
    { href: '/me', label: 'My certificates' },
    { href: '/me/programmes', label: 'My courses' },
  ];
  if (user.role === 'partner') links.push({ href: '/partner', label: 'My organisation' });
  if (user.role === 'staff' || user.role === 'admin') links.push({ href: '/admin', label: 'Console' });
  if (user.role === 'reviewer' || user.role === 'staff' || user.role === 'admin')
    links.push({ href: '/reviewer', label: 'Review queue' });
  links.push(
    { href: '/me/messages', label: 'Messages' },
    { href: '/me/privacy', label: 'Privacy' },
    { href: '/verify', label: 'Verify' },
  );
  return links;
}

/** The links every page ends with: the documents people agree to and the help page. */
function SiteFooter() {
  return (
    <footer class="site">
      <nav aria-label="About this site">
        <ul>
          <li>
            <a href="/privacy">Privacy notice</a>
          </li>
          <li>
            <a href="/terms">Terms of use</a>
          </li>
          <li>
            <a href="/help">Help and FAQ</a>
          </li>
        </ul>
      </nav>
    </footer>
  );
}

/** The CSRF hidden field every state-changing form carries. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** Renders a whole page. */
export function Layout({ title, user, csrfToken, head, wide, children }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · SayPro Credentials`}</title>
        <link rel="stylesheet" href="/assets/styles.css" />
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {head}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <a class="brand" href="/">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            SayPro Credentials
          </a>
          <nav aria-label="Main">
            <ul>
              {navFor(user).map((link) => (
                <li>
                  <a href={link.href}>{link.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          {user ? (
            <form method="post" action="/logout" class="logout">
              <CsrfField token={csrfToken} />
              <button type="submit" class="link">
                Log out
              </button>
            </form>
          ) : null}
        </header>
        <main id="main" class={wide ? 'wide' : undefined}>
          <h1>{title}</h1>
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}

/** A form error or notice, announced to screen readers. */
export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info'; children?: Child }) {
  return (
    <p class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

/**
 * The 404 page in words: what happened and where to go instead. `detail` says what was not
 * found (a route's own sentence, or the generic one for an address with no page), never
 * the address itself read back.
 */
function NotFoundPage({ detail, requestId }: { detail: string; requestId: string }) {
  return (
    <Layout title="We can't find that page" csrfToken="">
      <p class="lead">{detail}</p>
      <p>The link may be mistyped or out of date, or the page may have moved. You could:</p>
      <ul class="way-out">
        <li>
          <a href="/">Go to the home page</a>
        </li>
        <li>
          <a href="/verify">Verify a certificate</a>
        </li>
        <li>
          <a href="/me">See your certificates</a> (you may be asked to log in)
        </li>
        <li>
          <a href="/help">Read the help and FAQ</a>
        </li>
      </ul>
      <p class="page-meta">
        If you report a broken link to us, quote this reference: <code>{requestId}</code>
      </p>
    </Layout>
  );
}

/** The HTML error page for browsers (used by the shared onError); a 404 gets the page in words. */
export function renderErrorPage(status: number, title: string, detail: string, requestId: string): string {
  if (status === 404)
    return `<!doctype html>${(<NotFoundPage detail={detail} requestId={requestId} />).toString()}`;
  const page = (
    <Layout title={title} csrfToken="">
      <Notice kind="error">{detail}</Notice>
      <p>
        <a href="/">Go to the home page</a> · Reference: <code>{requestId}</code> (status {status})
      </p>
    </Layout>
  );
  return `<!doctype html>${page.toString()}`;
}
