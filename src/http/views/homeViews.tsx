/**
 * The home page and the verification page. The home page answers the three people who
 * land on it: the employer checking a certificate (the verifier, right there), the
 * participant looking for theirs (how certificates arrive, and where they are kept), and
 * anyone wondering why to trust the result (what is checked).
 */
import type { ShellProps } from './authViews.js';
import { Layout } from './layout.js';
import { Verifier, VerifierScript } from './verifierView.js';

/** The home page for people not signed in. */
export function HomeView(props: ShellProps & { signupOpen: boolean; organisation: string }) {
  const { organisation } = props;
  return (
    <Layout title={`${organisation} certificates`} {...props} head={<VerifierScript />} wide>
      <p class="lead">
        Every certificate {organisation} issues is signed digitally. Check one here and see who issued it, to
        whom, for what, and whether it is still valid.
      </p>
      <div class="home">
        <section class="panel home-verify" aria-labelledby="verify-heading">
          <h2 id="verify-heading">Verify a certificate</h2>
          <Verifier />
        </section>
        <div class="home-aside">
          <section class="card" aria-labelledby="earned-heading">
            <h2 id="earned-heading">Earned a certificate with us?</h2>
            <ol class="steps">
              <li>Finish your course. When your work is approved, we email you.</li>
              <li>Open the link in that email to set your password and see your certificate.</li>
              <li>
                Download it as a PDF or picture, add it to your wallet or LinkedIn profile, and send its
                verification link to employers.
              </li>
            </ol>
            <ul class="actions">
              <li>
                <a class="button" href="/login">
                  Log in
                </a>
              </li>
              {props.signupOpen ? (
                <li>
                  <a class="button secondary" href="/signup">
                    Create an account
                  </a>
                </li>
              ) : null}
            </ul>
            <p class="hint">
              No email? <a href="/forgot-password">Set a password</a> with the address your course used, or
              read the <a href="/help">help and FAQ</a>.
            </p>
          </section>
          <section class="card" aria-labelledby="trust-heading">
            <h2 id="trust-heading">What the check tells you</h2>
            <ul class="ticks">
              <li>The signature: not a word of the certificate has changed since it was issued.</li>
              <li>The issuer: {organisation}, or another organisation and whether this site trusts it.</li>
              <li>The status: valid, expired, suspended or revoked, checked now.</li>
            </ul>
            <p class="hint">
              A printed certificate's QR code opens its own verification page. Nothing you check here is
              stored.
            </p>
          </section>
        </div>
      </div>
    </Layout>
  );
}

/** /verify: the verifier on its own page, with the site's navigation for whoever is signed in. */
export function VerifyView(props: ShellProps) {
  return (
    <Layout title="Verify a certificate" {...props} head={<VerifierScript />}>
      <Verifier />
    </Layout>
  );
}
