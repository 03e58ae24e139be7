/**
 * The /c sub-app: the public certificate page, GET /c/:id, and its pictures
 * (/c/:id/certificate.*, routes/renders.ts). The page is shown only for an issued, public and not
 * redacted credential (anything else is the same 404, so ids cannot be probed). The
 * credential is verified live on every view, so a revocation shows at once. The
 * verification link's page (/v/:token, routes/verificationLinks.tsx) shows the same view
 * through certificatePageFor. A certificate that was re-issued (e.g. with a corrected name)
 * says so and links to the newest one.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { pageMiddleware, render } from './pageKit.js';
import { renderRoutes } from '../routes/renders.js';
import { shell } from './publicKit.js';
import { linkedInAddToProfileUrl } from '../../sharing/linkedIn.js';
import { summarise } from '../views/credentialSummary.js';
import { badgeFacts } from '../../badges/badgeFacts.js';
import { CertificateNotFoundView, CertificateView } from '../views/certificateView.js';
import { verdictOf } from '../../verification/verdict.js';
import { isShowable, type ShowableRecord } from '../../rendering/certificateFiles.js';
import {
  newestReplacement,
  publicCertificate,
  type PublicCertificateDeps,
} from '../../rendering/publicCertificates.js';

/** Where a certificate page is, and how it is shown there. */
export interface CertificatePageAt {
  /** The page's absolute URL (canonical link, share tags). */
  pageUrl: string;
  /** Where its picture and downloads are served, when not at /c/<id>. */
  filesUrl?: string;
  /** Where "Verify independently" leads, when not /verify?id=<id> (a private certificate's link). */
  verifyUrl?: string;
  noindex?: boolean;
  /**
   * The page is the public address /c/:id. Its replacement is then linked at its own
   * public page, and only when that one is public too: its verification link would let
   * anyone see a certificate its holder keeps private.
   */
  publicAddress?: boolean;
}

/**
 * Where the page of a certificate's newest replacement is, for a visitor at `at`. The
 * replacement belongs to the same person, so whoever holds this certificate's verification
 * link is shown the replacement's. None when the newest cannot be shown (e.g. redacted).
 */
async function replacementUrl(
  deps: PublicCertificateDeps,
  id: string,
  at: CertificatePageAt,
): Promise<string | undefined> {
  const newest = await newestReplacement(deps, id);
  if (!isShowable(newest)) return undefined;
  if (!at.publicAddress) return `/v/${newest.verificationToken}`;
  return newest.isPublic ? `/c/${encodeURIComponent(newest.id)}` : undefined;
}

/** The certificate page of a record that can be shown, verified live. */
export async function certificatePageFor(
  c: Context<AppEnv>,
  record: ShowableRecord,
  at: CertificatePageAt,
): Promise<Response> {
  const { deps } = c.var;
  const [result, replacedBy] = await Promise.all([
    deps.verifier.credential(record.credential),
    replacementUrl(deps, record.id, at),
  ]);
  const summary = summarise(record.credential);
  // The add-to-LinkedIn button is for the holder only; visitors just see the certificate.
  const linkedIn =
    c.var.user && c.var.user.id === record.holderUserId
      ? linkedInAddToProfileUrl({
          name: summary.achievementName,
          organisationName: summary.issuerName ?? deps.config.issuerName,
          issuedAt: summary.validFrom ?? record.createdAt,
          ...(summary.validUntil ? { expiresAt: summary.validUntil } : {}),
          certificateUrl: at.pageUrl,
          certificateNumber: record.certificateNumber,
        })
      : undefined;
  return render(
    c,
    <CertificateView
      {...shell(c)}
      id={record.id}
      certificateNumber={record.certificateNumber}
      summary={summary}
      badge={badgeFacts(record.credential, deps.config.publicUrl)}
      verdict={result.verdict ?? verdictOf(result)}
      pageUrl={at.pageUrl}
      linkedInUrl={linkedIn}
      siteName={deps.config.issuerName}
      {...(at.filesUrl ? { filesUrl: at.filesUrl } : {})}
      {...(at.verifyUrl ? { verifyUrl: at.verifyUrl } : {})}
      {...(at.noindex ? { noindex: true } : {})}
      {...(replacedBy ? { replacedBy } : {})}
    />,
  );
}

/** The 404 page of a certificate that does not exist or may not be shown at this address. */
export function certificateNotFound(c: Context<AppEnv>): Response {
  return render(c, <CertificateNotFoundView {...shell(c)} />, 404);
}

/** The /c sub-app: the page (session and CSRF middleware) and its pictures (none). */
export function certificateRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .use('/:id', ...pageMiddleware)
    .get('/:id', async (c) => {
      const record = await publicCertificate(c.var.deps, c.req.param('id'));
      if (!record) return certificateNotFound(c);
      return certificatePageFor(c, record, {
        pageUrl: `${c.var.deps.config.publicUrl}/c/${encodeURIComponent(record.id)}`,
        publicAddress: true,
      });
    })
    .route('/', renderRoutes());
}
