/**
 * The public certificate page (/c/:id): who earned what from whom, when, the certificate
 * number, and the live verification result as a banner; Open Graph and Twitter card tags
 * so a shared link previews well. Everything from the credential is text, escaped by JSX.
 */
import type { Verdict } from '../../verification/verdict.js';
import type { CredentialSummary } from './credentialSummary.js';
import { Layout, Notice } from './layout.js';
import { When } from './formParts.js';
import type { ShellProps } from './authViews.js';
import type { BadgeFacts } from '../../badges/badgeFacts.js';
import { BadgeDetails } from './badgeDetailsView.js';

/** The verdict's lines, each check in words (verdict.ts). */
function VerdictLines({ verdict }: { verdict: Verdict }) {
  return (
    <ul class="checks">
      {verdict.lines.map((line) => (
        <li class={line.state === 'passed' ? 'ok' : line.state === 'failed' ? 'bad' : 'skipped'}>
          <strong>{line.label}:</strong> {line.words}
        </li>
      ))}
    </ul>
  );
}

function ShareTags({
  title,
  description,
  url,
  siteName,
  image,
}: {
  title: string;
  description: string;
  url: string;
  siteName: string;
  image: string;
}) {
  return (
    <>
      <meta name="description" content={description} />
      <link rel="canonical" href={url} />
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={url} />
      <meta property="og:image" content={image} />
      <meta property="og:image:type" content="image/png" />
      <meta property="og:image:alt" content={title} />
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
      <meta name="twitter:image" content={image} />
    </>
  );
}

/** Props of the certificate page. */
export interface CertificateProps extends ShellProps {
  id: string;
  certificateNumber: string;
  summary: CredentialSummary;
  /** The badge's picture, skills, results and evidence, when the credential carries them. */
  badge?: BadgeFacts;
  verdict: Verdict;
  pageUrl: string;
  siteName: string;
  /** Shown to the holder only: LinkedIn's add-to-profile link. */
  linkedInUrl?: string | undefined;
  /** Where the picture, downloads and JSON are served (default: the public /c/<id> files); a verification link serves its own. */
  filesUrl?: string;
  /** Where "Verify independently" leads (default /verify?id=<id>, which only public certificates answer). */
  verifyUrl?: string;
  /** Keeps search engines away (a verification link's page, which may show a private certificate). */
  noindex?: boolean;
  /** The page of the newest certificate that replaced this one (a re-issue), when there is one to show. */
  replacedBy?: string;
}

/** The public certificate page. */
export function CertificateView(props: CertificateProps) {
  const { summary, verdict } = props;
  const recipient = summary.recipientName ?? 'The holder';
  const issuer = summary.issuerName ?? props.siteName;
  const title = `${summary.achievementName}: ${recipient}`;
  const description =
    `${recipient} earned "${summary.achievementName}" from ${issuer}. Certificate ${props.certificateNumber}.`.slice(
      0,
      300,
    );
  const encoded = encodeURIComponent(props.id);
  const files = props.filesUrl ?? `/c/${encoded}`;
  return (
    <Layout
      title={summary.achievementName}
      wide
      user={props.user}
      csrfToken={props.csrfToken}
      head={
        <>
          {props.noindex ? <meta name="robots" content="noindex" /> : null}
          <ShareTags
            title={title}
            description={description}
            url={props.pageUrl}
            siteName={props.siteName}
            image={`${props.pageUrl}/certificate.png`}
          />
        </>
      }
    >
      {/* On a wide screen the certificate and its text on the left, the verdict and the actions beside them; on a phone the verdict comes first. */}
      <div class="certificate-layout">
        <section class={`banner ${verdict.kind}`} role="status" aria-live="polite">
          <p class="headline">{verdict.headline}</p>
          <p>{verdict.detail}</p>
          {props.replacedBy ? (
            <p>
              This certificate was replaced by a newer one:{' '}
              <a href={props.replacedBy}>view the current certificate</a>
            </p>
          ) : null}
          <VerdictLines verdict={verdict} />
        </section>
        <p class="certificate-image">
          <img
            src={`${files}/certificate.png`}
            alt={`Certificate: ${summary.achievementName}, awarded to ${recipient}`}
            width="1123"
            height="794"
          />
        </p>
        <article class="certificate">
          <p class="awarded">Awarded to</p>
          <p class="recipient">{recipient}</p>
          {summary.description ? <p>{summary.description}</p> : null}
          {summary.criteria ? (
            <>
              <h2>Criteria</h2>
              <p>{summary.criteria}</p>
            </>
          ) : null}
          {props.badge ? <BadgeDetails badge={props.badge} /> : null}
          <dl class="facts">
            <dt>Issuer</dt>
            <dd>
              {issuer}
              {summary.issuerId ? (
                <>
                  <br />
                  <code class="did">{summary.issuerId}</code>
                </>
              ) : null}
            </dd>
            <dt>Certificate number</dt>
            <dd>{props.certificateNumber}</dd>
            <dt>Valid from</dt>
            <dd>
              <When at={summary.validFrom} />
            </dd>
            {summary.validUntil ? (
              <>
                <dt>Valid until</dt>
                <dd>
                  <When at={summary.validUntil} />
                </dd>
              </>
            ) : null}
          </dl>
        </article>
        <p class="links certificate-actions">
          <a class="button" href={`${files}/certificate.pdf`}>
            Download PDF
          </a>{' '}
          <a class="button secondary" href={`${files}/certificate.png`} download>
            Download PNG
          </a>{' '}
          <a class="button secondary" href={`${files}/certificate-baked.png`}>
            Open Badge (baked PNG)
          </a>{' '}
          <a
            class="button secondary"
            href={props.filesUrl ? `${props.filesUrl}/credential.json` : `/credentials/${encoded}`}
            download
          >
            Download JSON
          </a>{' '}
          <a class="button secondary" href={props.verifyUrl ?? `/verify?id=${encoded}`}>
            Verify independently
          </a>
          {props.linkedInUrl ? (
            <>
              {' '}
              <a class="button secondary" href={props.linkedInUrl} rel="noopener noreferrer" target="_blank">
                Add to LinkedIn profile
              </a>
            </>
          ) : null}
        </p>
      </div>
    </Layout>
  );
}

/** The 404 page for a certificate that does not exist or is not public. */
export function CertificateNotFoundView(props: ShellProps) {
  return (
    <Layout title="Certificate not found" user={props.user} csrfToken={props.csrfToken}>
      <Notice kind="error">
        There is no public certificate at this address. Its holder may have made it private.
      </Notice>
      <p>
        If you have the certificate file, you can still <a href="/verify">verify it</a>.
      </p>
    </Layout>
  );
}
