/**
 * Accreditation applications: a partner organisation starts one for a type (or staff do
 * for it), its members upload documents (type and size checked, checksummed, every version
 * kept) and confirm actions, staff approve, reject with guidance or ask for clarification.
 * A stage completes when all its items are approved (recorded with who and when), and the
 * last one approves the application, which issues the accreditation credential. Members of
 * another organisation get a 404. Every change is a compare-and-set on the version.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import type {
  ApplicationItem,
  ApplicationRecord,
  ChecklistItemKind,
  DocumentVersion,
  UserRecord,
} from '../storage/ports.js';
import { sniffFileType } from '../programs/submissions.js';
import { notify } from '../notifications/notify.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { checklistItem } from './applicationProgress.js';
import { planApplicationReminders } from './accreditationReminders.js';
import { cancelReminders } from '../notifications/reminders.js';
import { noticeApplicationStarted, noticeItemSubmitted } from './accreditationNotices.js';

export const DOCUMENT_LIMITS = { bytes: 10 * 1024 * 1024, noteChars: 2000, guidanceChars: 2000 } as const;
const DAY_MS = 86_400_000;

const isStaff = (actor: Pick<Actor, 'role'>) => actor.role === 'staff' || actor.role === 'admin';

/** The application if the actor may see it: staff, or a partner of its organisation; else 404. */
export async function visibleApplication(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
  id: string,
): Promise<ApplicationRecord> {
  const application = await deps.stores.accreditation.getApplication(id);
  if (
    !application ||
    (!isStaff(actor) && !(actor.role === 'partner' && actor.organisationId === application.organisationId))
  ) {
    throw new AppError('not_found', `No application ${id}`);
  }
  return application;
}

/**
 * Applies a change to the current record, retrying on a concurrent update; `change`
 * returns the next record (or throws to refuse) from fresh data each time.
 */
export async function changeApplication(
  deps: Pick<AccreditationDeps, 'stores' | 'now'>,
  id: string,
  change: (current: ApplicationRecord) => ApplicationRecord,
): Promise<ApplicationRecord> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await deps.stores.accreditation.getApplication(id);
    if (!current) throw new AppError('not_found', `No application ${id}`);
    const next = { ...change(current), version: current.version + 1, updatedAt: deps.now().toISOString() };
    if (await deps.stores.accreditation.updateApplication(next, current.version)) return next;
  }
  throw new AppError('conflict', 'The application is changing too quickly; try again');
}

/** Tells the organisation's partner members something about their application. */
export async function tellPartners(
  deps: AccreditationDeps,
  application: ApplicationRecord,
  trigger: string,
  key: string,
  values: Record<string, string>,
): Promise<void> {
  const members = await deps.stores.users.list({
    role: 'partner',
    organisationId: application.organisationId,
    limit: 200,
    offset: 0,
  });
  const portalUrl = `${deps.publicUrl}/partner/applications/${application.id}`;
  for (const member of members) {
    await notify(deps.notifications, member, {
      trigger,
      dedupeKey: `${trigger}:${key}:${member.id}`,
      values: { application: application.type.name, portalUrl, ...values },
    });
  }
}

/** Starts an application (a partner for their organisation, or staff for any). */
export async function startApplication(
  deps: AccreditationDeps,
  actor: Actor,
  input: { typeId: string; organisationId?: string },
): Promise<ApplicationRecord> {
  const organisationId = isStaff(actor)
    ? input.organisationId
    : actor.role === 'partner'
      ? actor.organisationId
      : undefined;
  if (!isStaff(actor) && actor.role !== 'partner')
    throw new AppError('forbidden', 'Partners and staff start applications');
  if (!organisationId || !(await deps.stores.directory.getOrganisation(organisationId)))
    throw new AppError('invalid_request', 'Choose the partner organisation');
  const type = await deps.stores.accreditation.getType(input.typeId);
  if (!type?.active)
    throw new AppError('invalid_request', 'Choose an accreditation type that is open for applications');
  const previous = await deps.stores.accreditation.listApplications({
    organisationId,
    typeId: type.id,
    limit: 50,
  });
  if (previous.some((a) => a.status === 'in_progress'))
    throw new AppError(
      'conflict',
      'This organisation already has an application for this accreditation in progress',
    );
  const last = previous.find((a) => a.status === 'approved' || a.status === 'lapsed');
  const now = deps.now();
  const items: ApplicationItem[] = type.stages.flatMap((stage) =>
    stage.items.map((item) => ({
      itemId: item.id,
      stageId: stage.id,
      state: 'missing' as const,
      dueAt: new Date(now.getTime() + item.deadlineDays * DAY_MS).toISOString(),
      documents: [],
      reviews: [],
    })),
  );
  const application: ApplicationRecord = {
    id: randomUUID(),
    organisationId,
    type,
    cycle: last ? last.cycle + 1 : 1,
    ...(last ? { previousApplicationId: last.id } : {}),
    status: 'in_progress',
    startedAt: now.toISOString(),
    startedBy: actor.id,
    stageIndex: 0,
    stageHistory: [{ stageId: type.stages[0]!.id, startedAt: now.toISOString() }],
    items,
    checkIns: [],
    updatedAt: now.toISOString(),
    version: 1,
  };
  await deps.stores.accreditation.createApplication(application);
  await planApplicationReminders(deps, application);
  await audit(
    deps,
    actor,
    'accreditation.application_started',
    { type: 'application', id: application.id },
    { organisationId, typeId: type.id, cycle: application.cycle },
  );
  await noticeApplicationStarted(deps, application);
  return application;
}

/** The application item a partner may work on now (its stage has been reached). */
function workableItem(
  application: ApplicationRecord,
  itemId: string,
  kind: ChecklistItemKind,
): ApplicationItem {
  if (application.status !== 'in_progress')
    throw new AppError('conflict', 'The application is not in progress');
  const found = checklistItem(application, itemId);
  const entry = application.items.find((i) => i.itemId === itemId);
  if (!found || !entry) throw new AppError('not_found', `No checklist item ${itemId}`);
  if (found.item.kind !== kind)
    throw new AppError(
      'invalid_request',
      kind === 'document'
        ? 'This item is an action to confirm, not a document'
        : 'This item needs a document',
    );
  if (found.stageIndex > application.stageIndex)
    throw new AppError('conflict', 'This item belongs to a later stage; finish the current stage first');
  if (entry.state === 'approved') throw new AppError('conflict', 'This item is already approved');
  // A new version would pull the item out of the second reviewer's hands.
  if (entry.state === 'additional_review')
    throw new AppError('conflict', 'This item is under additional review; wait for its decision');
  return entry;
}

const partnerOnly = (actor: Actor, application: ApplicationRecord) => {
  if (actor.role !== 'partner' || actor.organisationId !== application.organisationId)
    throw new AppError('forbidden', 'Only members of the partner organisation submit for it');
};

/** A partner uploads a document (a new version when one exists). */
export async function submitDocument(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  itemId: string,
  file: { name: string; bytes: Uint8Array; note?: string },
): Promise<ApplicationRecord> {
  const application = await visibleApplication(deps, actor, id);
  partnerOnly(actor, application);
  workableItem(application, itemId, 'document');
  if (file.bytes.byteLength === 0) throw new AppError('invalid_request', 'The file is empty');
  if (file.bytes.byteLength > DOCUMENT_LIMITS.bytes)
    throw new AppError(
      'payload_too_large',
      `Documents may be at most ${DOCUMENT_LIMITS.bytes / 1024 / 1024} MB`,
    );
  const mediaType = sniffFileType(file.bytes);
  if (!mediaType) throw new AppError('invalid_request', 'Upload a PDF, PNG, JPEG or an Office/ZIP file');
  const note = file.note?.trim().slice(0, DOCUMENT_LIMITS.noteChars);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  await deps.stores.files.putFile(sha256, file.bytes);
  const at = deps.now().toISOString();
  const updated = await changeApplication(deps, id, (current) => {
    const entry = workableItem(current, itemId, 'document');
    const version: DocumentVersion = {
      version: entry.documents.length + 1,
      name: file.name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120) || 'document',
      mediaType,
      size: file.bytes.byteLength,
      sha256,
      uploadedAt: at,
      uploadedBy: actor.id,
      ...(note ? { note } : {}),
    };
    return withItem(current, itemId, {
      ...entry,
      state: 'submitted',
      documents: [...entry.documents, version],
      firstSubmittedAt: entry.firstSubmittedAt ?? at,
    });
  });
  await audit(
    deps,
    actor,
    'accreditation.document_submitted',
    { type: 'application', id },
    { itemId, sha256 },
  );
  await planApplicationReminders(deps, updated);
  await noticeItemSubmitted(deps, updated, itemId);
  return updated;
}

/** A partner confirms an action item is done (with a note). */
export async function confirmAction(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  itemId: string,
  note: string,
): Promise<ApplicationRecord> {
  const application = await visibleApplication(deps, actor, id);
  partnerOnly(actor, application);
  workableItem(application, itemId, 'action');
  const text = note.trim();
  if (!text || text.length > DOCUMENT_LIMITS.noteChars)
    throw new AppError(
      'invalid_request',
      `Say what was done, in up to ${DOCUMENT_LIMITS.noteChars} characters`,
    );
  const at = deps.now().toISOString();
  const updated = await changeApplication(deps, id, (current) => {
    const entry = workableItem(current, itemId, 'action');
    const record: DocumentVersion = {
      version: entry.documents.length + 1,
      name: 'confirmation',
      mediaType: 'text/plain',
      size: text.length,
      sha256: createHash('sha256').update(text).digest('hex'),
      uploadedAt: at,
      uploadedBy: actor.id,
      note: text,
    };
    return withItem(current, itemId, {
      ...entry,
      state: 'submitted',
      documents: [...entry.documents, record],
      firstSubmittedAt: entry.firstSubmittedAt ?? at,
    });
  });
  await planApplicationReminders(deps, updated);
  await noticeItemSubmitted(deps, updated, itemId);
  return updated;
}

/** The application with one item replaced. */
export function withItem(
  application: ApplicationRecord,
  itemId: string,
  item: ApplicationItem,
): ApplicationRecord {
  return { ...application, items: application.items.map((i) => (i.itemId === itemId ? item : i)) };
}

/** The staff members who may be assigned (active staff and admins). */
export async function assignStaff(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  staffId: string | undefined,
): Promise<ApplicationRecord> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff assign applications');
  const before = await visibleApplication(deps, actor, id);
  let assignee: UserRecord | undefined;
  if (staffId) {
    assignee = await deps.stores.users.get(staffId);
    if (assignee?.status !== 'active' || !isStaff(assignee))
      throw new AppError('invalid_request', 'Assign an active staff member');
  }
  const updated = await changeApplication(deps, id, (current) => {
    const next = { ...current };
    if (staffId) next.assignedStaffId = staffId;
    else delete next.assignedStaffId;
    return next;
  });
  await audit(
    deps,
    actor,
    'accreditation.assigned',
    { type: 'application', id },
    { staffId: staffId ?? null },
  );
  // The previous assignee stops hearing about its deadlines; the new one starts.
  if (before.assignedStaffId && before.assignedStaffId !== staffId) {
    for (const item of before.items)
      await cancelReminders(
        deps.notifications,
        `accreditation:${id}:${item.itemId}:${before.assignedStaffId}`,
        'reassigned',
      );
  }
  await planApplicationReminders(deps, updated);
  return updated;
}

/** Staff record a check-in meeting with notes. */
export async function recordCheckIn(
  deps: AccreditationDeps,
  actor: Actor,
  id: string,
  notes: string,
  at?: string,
): Promise<ApplicationRecord> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff record check-ins');
  await visibleApplication(deps, actor, id);
  const text = notes.trim();
  if (!text || text.length > 5000)
    throw new AppError('invalid_request', 'Write the notes of the check-in (up to 5,000 characters)');
  const when = at ? new Date(at) : deps.now();
  if (Number.isNaN(when.getTime()))
    throw new AppError('invalid_request', 'The date of the check-in is not a date');
  return changeApplication(deps, id, (current) => ({
    ...current,
    checkIns: [...current.checkIns, { id: randomUUID(), at: when.toISOString(), by: actor.id, notes: text }],
  }));
}
