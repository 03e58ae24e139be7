/**
 * The public certificate page, GET /c/:id: shown only for an issued, public and not
 * redacted credential (anything else is the same 404, so ids cannot be probed). The
 * credential is verified live on every view, so a revocation shows at once.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { render } from './pageKit.js';
import { shell } from './publicKit.js';
import { linkedInAddToProfileUrl } from '../../sharing/linkedIn.js';
import { summarise } from '../views/credentialSummary.js';
import { CertificateNotFoundView, CertificateView, verdictOf } from '../views/certificateView.js';

/** Registers GET /c/:id on the root app (the page middleware is registered by the caller for /c/*). */
export function registerCertificatePage(app: Hono<AppEnv>): void {
  app.get('/c/:id', async (c) => {
    const id = c.req.param('id');
    const { deps } = c.var;
    const record = await deps.stores.credentials.get(id);
    if (!record || record.state !== 'issued' || !record.isPublic || record.redactedAt || !record.credential) {
      return render(c, <CertificateNotFoundView {...shell(c)} />, 404);
    }
    const result = await deps.verifier.credential(record.credential);
    const summary = summarise(record.credential);
    const pageUrl = `${deps.config.publicUrl}/c/${encodeURIComponent(record.id)}`;
    // The add-to-LinkedIn button is for the holder only; visitors just see the certificate.
    const linkedIn =
      c.var.user && c.var.user.id === record.holderUserId
        ? linkedInAddToProfileUrl({
            name: summary.achievementName,
            organisationName: summary.issuerName ?? deps.config.issuerName,
            issuedAt: summary.validFrom ?? record.createdAt,
            ...(summary.validUntil ? { expiresAt: summary.validUntil } : {}),
            certificateUrl: pageUrl,
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
        pageUrl={pageUrl}
        linkedInUrl={linkedIn}
        siteName={deps.config.issuerName}
      />,
    );
  });
}
