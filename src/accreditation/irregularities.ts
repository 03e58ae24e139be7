/**
 * Audit irregularities (issue 21), a workflow of their own beside applications: staff
 * record something found wrong on an application or an accredited organisation (what, an
 * evidence note, a severity); the partner's members are told and respond (text, and a
 * document through the same checks as application uploads); staff decide: resolved,
 * corrective action required by a date (the partner responds again), or escalated, which
 * suspends the organisation's accreditation credentials through the status lists (a
 * resolution after an escalation reinstates them). Every step is audited and notified
 * (the partner for a record or a decision; the staff who recorded or decided it for a
 * response). Another organisation's irregularity is "not found", like an unknown one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import {
  IRREGULARITY_OUTCOMES,
  IRREGULARITY_SEVERITIES,
  type IrregularityDecision,
  type IrregularityDocument,
  type IrregularityRecord,
} from '../storage/ports.js';
import { sniffFileType } from '../programs/submissions.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { DOCUMENT_LIMITS, visibleApplication } from './applications.js';
import { noticeIrregularity } from './irregularityNotices.js';
import { reinstateAccreditations, suspendAccreditations } from './accreditationSuspension.js';

const isStaff = (actor: Pick<Actor, 'role'>) => actor.role === 'staff' || actor.role === 'admin';
const problems = (error: z.ZodError) => error.issues.map((i) => i.message).join('; ');

const recordInput = z.object({
  organisationId: z.string().optional(),
  applicationId: z.string().optional(),
  what: z.string().trim().min(1, 'Say what was found').max(300, 'What was found: at most 300 characters'),
  evidence: z
    .string()
    .trim()
    .min(1, 'Write the evidence note')
    .max(5000, 'The evidence note: at most 5,000 characters'),
  severity: z.enum(IRREGULARITY_SEVERITIES, { error: 'Choose the severity: low, medium or high' }),
});

const decisionInput = z
  .object({
    outcome: z.enum(IRREGULARITY_OUTCOMES, {
      error: 'Choose resolved, corrective action required or escalated',
    }),
    note: z.string().trim().min(1, 'Write the decision note').max(2000, 'The note: at most 2,000 characters'),
    dueAt: z.string().trim().optional(),
  })
  .refine((d) => d.outcome !== 'corrective_action' || /^\d{4}-\d{2}-\d{2}$/.test(d.dueAt ?? ''), {
    message: 'Give the date the corrective action is due',
  });

/** The irregularity if the actor may see it (staff, or a partner of its organisation); else not_found. */
export async function visibleIrregularity(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
  id: string,
): Promise<IrregularityRecord> {
  const record = await deps.stores.irregularities.getIrregularity(id);
  if (
    !record ||
    (!isStaff(actor) && !(actor.role === 'partner' && actor.organisationId === record.organisationId))
  )
    throw new AppError('not_found', 'No such irregularity');
  return record;
}

/** Saves a change over the version read; a concurrent change is a conflict to retry by hand. */
async function save(
  deps: Pick<AccreditationDeps, 'stores' | 'now'>,
  before: IrregularityRecord,
  next: Omit<IrregularityRecord, 'version' | 'updatedAt'>,
): Promise<IrregularityRecord> {
  const record = { ...next, version: before.version + 1, updatedAt: deps.now().toISOString() };
  if (!(await deps.stores.irregularities.updateIrregularity(record, before.version)))
    throw new AppError(
      'conflict',
      'Someone changed this irregularity meanwhile; reload the page and try again',
    );
  return record;
}

/** Staff record an irregularity on an application (its organisation) or on an organisation. */
export async function recordIrregularity(
  deps: AccreditationDeps,
  actor: Actor,
  raw: Record<string, string | undefined>,
): Promise<IrregularityRecord> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff record audit irregularities');
  const parsed = recordInput.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_request', problems(parsed.error));
  const input = parsed.data;
  const application = input.applicationId
    ? await visibleApplication(deps, actor, input.applicationId)
    : undefined;
  const organisationId = application?.organisationId ?? input.organisationId;
  if (!organisationId || !(await deps.stores.directory.getOrganisation(organisationId)))
    throw new AppError('invalid_request', 'Choose the partner organisation');
  const at = deps.now().toISOString();
  const record: IrregularityRecord = {
    id: randomUUID(),
    organisationId,
    ...(application ? { applicationId: application.id } : {}),
    what: input.what,
    evidence: input.evidence,
    severity: input.severity,
    status: 'open',
    recordedAt: at,
    recordedBy: actor.id,
    responses: [],
    decisions: [],
    updatedAt: at,
    version: 1,
  };
  await deps.stores.irregularities.createIrregularity(record);
  await audit(
    deps,
    actor,
    'accreditation.irregularity_recorded',
    { type: 'irregularity', id: record.id },
    { organisationId, applicationId: record.applicationId ?? null, severity: record.severity },
  );
  await noticeIrregularity(deps, record, 'recorded');
  return record;
}

/** The partner responds (text, and optionally one document) to an irregularity not yet resolved. */
export async function respondToIrregularity(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  input: { text: string; file?: { name: string; bytes: Uint8Array } | undefined },
): Promise<IrregularityRecord> {
  const before = await visibleIrregularity(deps, actor, id);
  if (actor.role !== 'partner')
    throw new AppError('forbidden', 'Only members of the partner organisation respond');
  if (before.status === 'resolved') throw new AppError('conflict', 'This irregularity is resolved');
  const text = input.text.trim();
  if (!text || text.length > 5000)
    throw new AppError('invalid_request', 'Write your response (up to 5,000 characters)');
  const documents: IrregularityDocument[] = [];
  if (input.file && input.file.bytes.byteLength > 0) {
    const { bytes } = input.file;
    if (bytes.byteLength > DOCUMENT_LIMITS.bytes)
      throw new AppError(
        'payload_too_large',
        `Documents may be at most ${DOCUMENT_LIMITS.bytes / 1024 / 1024} MB`,
      );
    const mediaType = sniffFileType(bytes);
    if (!mediaType) throw new AppError('invalid_request', 'Upload a PDF, PNG, JPEG or an Office/ZIP file');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await deps.stores.files.putFile(sha256, bytes);
    const name = input.file.name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120) || 'document';
    documents.push({ name, mediaType, size: bytes.byteLength, sha256 });
  }
  const at = deps.now().toISOString();
  const record = await save(deps, before, {
    ...before,
    status: 'responded',
    responses: [...before.responses, { at, by: actor.id, text, documents }],
  });
  await audit(
    deps,
    actor,
    'accreditation.irregularity_responded',
    { type: 'irregularity', id },
    { documents: documents.map((d) => d.sha256) },
  );
  await noticeIrregularity(deps, record, 'responded');
  return record;
}

/**
 * Staff decide: resolved (reinstating what an escalation suspended), corrective action
 * required by a date, or escalated (suspending the organisation's accreditation
 * credentials; with none issued, the decision is recorded all the same).
 */
export async function decideIrregularity(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  raw: Record<string, string | undefined>,
): Promise<IrregularityRecord> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff decide on audit irregularities');
  const before = await visibleIrregularity(deps, actor, id);
  const parsed = decisionInput.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_request', problems(parsed.error));
  const { outcome, note } = parsed.data;
  if (before.status === 'resolved') throw new AppError('conflict', 'This irregularity is already resolved');
  const now = deps.now();
  const dueAt =
    outcome === 'corrective_action'
      ? new Date(`${parsed.data.dueAt}T23:59:59.000Z`).toISOString()
      : undefined;
  if (dueAt && (Number.isNaN(Date.parse(dueAt)) || Date.parse(dueAt) < now.getTime()))
    throw new AppError('invalid_request', 'The corrective action is due on a date from today on');
  const decision: IrregularityDecision = {
    at: now.toISOString(),
    by: actor.id,
    outcome,
    note,
    ...(dueAt ? { dueAt } : {}),
  };
  // The decision is saved first (compare-and-set): of two staff deciding at once, one wins
  // and only that one changes the credentials' status.
  const { suspendedCredentialIds: suspendedBefore, ...rest } = before;
  let record = await save(deps, before, {
    ...rest,
    status: outcome,
    decisions: [...before.decisions, decision],
    ...(outcome !== 'resolved' && suspendedBefore ? { suspendedCredentialIds: suspendedBefore } : {}),
  });
  let credentialIds: string[] = [];
  if (outcome === 'escalated') {
    credentialIds = await suspendAccreditations(deps, record, note);
    const suspended = [...new Set([...(suspendedBefore ?? []), ...credentialIds])];
    if (credentialIds.length > 0)
      record = await save(deps, record, {
        ...record,
        suspendedCredentialIds: suspended,
        decisions: record.decisions.map((d) => (d === decision ? { ...d, credentialIds } : d)),
      });
  } else if (outcome === 'resolved' && suspendedBefore?.length) {
    credentialIds = await reinstateAccreditations(deps, record, suspendedBefore);
    record = await save(deps, record, {
      ...record,
      decisions: record.decisions.map((d) => (d === decision ? { ...d, credentialIds } : d)),
    });
  }
  await audit(
    deps,
    actor,
    'accreditation.irregularity_decided',
    { type: 'irregularity', id },
    { outcome, credentialIds, ...(dueAt ? { dueAt } : {}) },
  );
  await noticeIrregularity(deps, record, 'decided');
  return record;
}

/** A document of a response, checked to belong to the irregularity the actor may see. */
export async function irregularityFile(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
  id: string,
  sha256: string,
): Promise<{ name: string; mediaType: string; bytes: Uint8Array }> {
  const record = await visibleIrregularity(deps, actor, id);
  const document = record.responses.flatMap((r) => r.documents).find((d) => d.sha256 === sha256);
  const bytes = document ? await deps.stores.files.getFile(sha256) : undefined;
  if (!document || !bytes) throw new AppError('not_found', 'No such document in this irregularity');
  return { name: document.name, mediaType: document.mediaType, bytes };
}
