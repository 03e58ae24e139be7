/**
 * VC-API credential routes, the /credentials sub-app: issue (API key with
 * credentials:issue), verify (public; takes photos and PDFs, so the upload limit), read one
 * (public only if its holder made it public), change status, and the certificate-number
 * lookup of the verification page (verificationLinks.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { readJson } from '../readJson.js';
import { optionalAuth, requireScope, hasScope } from '../middleware/auth.js';
import { AppError } from '../../errors.js';
import { issueCredential } from '../../credentials/issueCredential.js';
import { handleVerifyCredential } from './verifyHandlers.js';
import { numberLookupRoutes } from './verificationLinks.js';
import { acceptsUploads } from '../middleware/uploads.js';
import { credentialForReader, qrLinkSite } from '../../rendering/publicCertificates.js';
import { templateForIssuance } from '../../templates/templates.js';
import { changeCredentialStatus, type StatusAction } from '../../status/statusLists.js';

const issueBody = z.object({
  credential: z.record(z.string(), z.unknown(), { error: '"credential" must be a JSON object' }),
  options: z
    .object({
      proofType: z.enum(['DataIntegrityProof', 'Ed25519Signature2020']).optional(),
      cryptosuite: z
        .literal('eddsa-rdfc-2022', { error: 'Only the eddsa-rdfc-2022 cryptosuite is supported' })
        .optional(),
      idempotencyKey: z.string().min(8).max(200).optional(),
      statusPurposes: z
        .array(z.enum(['revocation', 'suspension']))
        .max(2)
        .optional(),
      public: z.boolean().optional(),
      template: z
        .object({ templateId: z.string().min(1).max(100), version: z.number().int().min(1).optional() })
        .optional(),
    })
    .loose()
    .optional(),
});

const statusFlag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');
const statusBody = z.union([
  z.object({
    credentialId: z.string().min(1),
    action: z.enum(['revoke', 'suspend', 'unsuspend']),
    reason: z.string().max(500).optional(),
  }),
  // The VC-API shape: one entry per purpose with the wanted value.
  z.object({
    credentialId: z.string().min(1),
    credentialStatus: z
      .array(
        z.object({
          type: z.literal('BitstringStatusListEntry'),
          statusPurpose: z.enum(['revocation', 'suspension']),
          status: statusFlag,
        }),
      )
      .length(1, 'Change one status purpose per request'),
    reason: z.string().max(500).optional(),
  }),
]);

function actionOf(body: z.output<typeof statusBody>): StatusAction {
  if ('action' in body) return body.action;
  const [entry] = body.credentialStatus;
  if (entry!.statusPurpose === 'revocation') {
    if (!entry!.status)
      throw new AppError('status_not_supported', 'Revocation is permanent and cannot be undone');
    return 'revoke';
  }
  return entry!.status ? 'suspend' : 'unsuspend';
}

/** The /credentials sub-app. */
export function credentialRoutes(): Hono<AppEnv> {
  return (
    new Hono<AppEnv>()
      // Before /:id, which would take "verify-number" for an id.
      .route('/verify-number', numberLookupRoutes())
      .post('/issue', requireScope('credentials:issue'), async (c) => {
        const { credential, options = {} } = await readJson(c, issueBody);
        const { record, created } = await issueCredential(c.var.deps.issue, credential, {
          suite: options.proofType === 'Ed25519Signature2020' ? 'Ed25519Signature2020' : 'eddsa-rdfc-2022',
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
          ...(options.statusPurposes ? { statusPurposes: options.statusPurposes } : {}),
          ...(options.public !== undefined ? { isPublic: options.public } : {}),
          ...(options.template
            ? { templateRef: await templateForIssuance(c.var.deps, options.template) }
            : {}),
        });
        return c.json({ verifiableCredential: record.credential }, created ? 201 : 200);
      })
      .post('/verify', acceptsUploads, (c) => {
        const { config, verifier } = c.var.deps;
        // Pictures may be photos of several megabytes (the upload limit); JSON keeps MAX_BODY_BYTES.
        return handleVerifyCredential(c, verifier, {
          qrSite: qrLinkSite(c.var.deps, config.publicUrl),
          maxTextBytes: config.maxBodyBytes,
        });
      })
      .post('/status', requireScope('credentials:status'), async (c) => {
        const body = await readJson(c, statusBody);
        const record = await changeCredentialStatus(
          c.var.deps.status,
          body.credentialId,
          actionOf(body),
          body.reason,
        );
        return c.json({
          credentialId: record.id,
          revoked: record.revoked,
          suspended: record.suspended,
          ...(record.statusReason ? { reason: record.statusReason } : {}),
        });
      })
      .get('/:id', optionalAuth, async (c) => {
        const id = c.req.param('id');
        // A private credential answers exactly like a missing one, so ids cannot be probed.
        const record = await credentialForReader(
          c.var.deps,
          id,
          hasScope(c.var.principal, 'credentials:read'),
        );
        if (!record) {
          throw new AppError('not_found', `No public credential with id ${id}`);
        }
        return c.json(record.credential);
      })
  );
}
