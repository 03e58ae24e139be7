/**
 * The public certificate page, GET /c/:id: shown only for an issued, public and not
 * redacted credential (anything else is the same 404, so ids cannot be probed). The
 * credential is verified live on every view, so a revocation shows at once. The
 * verification link's page (/v/:token, routes/verificationLinks.tsx) shows the same view
 * through certificatePageFor.
 */
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { render } from './pageKit.js';
import { shell } from './publicKit.js';
import { linkedInAddToProfileUrl } from '../../sharing/linkedIn.js';
import { summarise } from '../views/credentialSummary.js';
import { CertificateNotFoundView, CertificateView, verdictOf } from '../views/certificateView.js';
import { isShowable, type ShowableRecord } from '../routes/renders.js';

/** Where a certificate page is, and how it is shown there. */
export interface CertificatePageAt {
  /** The page's absolute URL (canonical link, share tags). */
  pageUrl: string;
  /** Where its picture and downloads are served, when not at /c/<id>. */
  filesUrl?: string;
  noindex?: boolean;
}

/** The certificate page of a record that can be shown, verified live. */
export async function certificatePageFor(c: Context<AppEnv>, record: ShowableRecord, at: CertificatePageAt): Promise<Response> {
  const { deps } = c.var;
  const result = await deps.verifier.credential(record.credential);
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
      verdict={verdictOf(result)}
      pageUrl={at.pageUrl}
      linkedInUrl={linkedIn}
      siteName={deps.config.issuerName}
      {...(at.filesUrl ? { filesUrl: at.filesUrl } : {})}
      {...(at.noindex ? { noindex: true } : {})}
    />,
  );
}

/** The 404 page of a certificate that does not exist or may not be shown at this address. */
export function certificateNotFound(c: Context<AppEnv>): Response {
  return render(c, <CertificateNotFoundView {...shell(c)} />, 404);
}

/** Registers GET /c/:id on the root app (the page middleware is registered by the caller for /c/*). */
export function registerCertificatePage(app: Hono<AppEnv>): void {
  app.get('/c/:id', async (c) => {
    const record = await c.var.deps.stores.credentials.get(c.req.param('id'));
    if (!isShowable(record) || !record.isPublic) return certificateNotFound(c);
    return certificatePageFor(c, record, { pageUrl: `${c.var.deps.config.publicUrl}/c/${encodeURIComponent(record.id)}` });
  });
}
