/**
 * Accreditation types, edited by staff without code: stages, each with a checklist of
 * documents and actions due a number of days after an application starts, the validity of
 * the accreditation, and the reminder days. Saved with optimistic versions (409 when
 * someone saved meanwhile) and audited. Ids of stages and items are kept across edits so
 * running applications (which keep their own snapshot) and reports stay consistent.
 */
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { CHECKLIST_ITEM_KINDS, type AccreditationTypeRecord } from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { DEFAULT_REVIEW_DAYS } from './accreditationNotices.js';

const days = z.array(z.number().int().min(1).max(365)).max(10);
const itemInput = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
  kind: z.enum(CHECKLIST_ITEM_KINDS),
  name: z.string().trim().min(1).max(200),
  guidance: z.string().trim().max(2000).default(''),
  deadlineDays: z.number().int().min(1).max(730),
});
const accreditationTypeInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  validityMonths: z.number().int().min(1).max(120),
  reminderDays: days.default([14, 7, 1]),
  renewalReminderDays: days.default([90, 60, 30]),
  /** The review service level: feedback on a submitted item within this many days. */
  reviewDays: z.number().int().min(1).max(90).default(DEFAULT_REVIEW_DAYS),
  active: z.boolean().default(true),
  stages: z
    .array(
      z.strictObject({
        id: z
          .string()
          .regex(/^[a-z0-9-]{1,40}$/)
          .optional(),
        name: z.string().trim().min(1).max(200),
        items: z.array(itemInput).min(1).max(50),
      }),
    )
    .min(1)
    .max(20),
});
export type AccreditationTypeInput = z.input<typeof accreditationTypeInput>;

/** A readable id from a name ("Tax clearance" -> "tax-clearance"), unique among `taken`. */
function slug(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 32) || 'item';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** Creates (no id) or updates a type over `baseVersion`; staff and admins only. */
export async function saveAccreditationType(
  deps: Pick<AccreditationDeps, 'stores' | 'now'>,
  actor: Actor,
  id: string | undefined,
  raw: AccreditationTypeInput,
  baseVersion: number,
): Promise<AccreditationTypeRecord> {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can edit accreditation types');
  const parsed = accreditationTypeInput.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      'invalid_request',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const input = parsed.data;
  const stageIds = new Set(input.stages.flatMap((s) => (s.id ? [s.id] : [])));
  const itemIds = new Set(input.stages.flatMap((s) => s.items.flatMap((i) => (i.id ? [i.id] : []))));
  if (
    stageIds.size !== input.stages.filter((s) => s.id).length ||
    itemIds.size !== input.stages.flatMap((s) => s.items).filter((i) => i.id).length
  ) {
    throw new AppError('invalid_request', 'Each stage and each item needs its own id');
  }
  const record: AccreditationTypeRecord = {
    id: id ?? randomUUID(),
    name: input.name,
    description: input.description,
    validityMonths: input.validityMonths,
    reminderDays: [...new Set(input.reminderDays)].sort((a, b) => b - a),
    renewalReminderDays: [...new Set(input.renewalReminderDays)].sort((a, b) => b - a),
    reviewDays: input.reviewDays,
    active: input.active,
    stages: input.stages.map((stage) => ({
      id: stage.id ?? slug(stage.name, stageIds),
      name: stage.name,
      items: stage.items.map((item) => ({
        id: item.id ?? slug(item.name, itemIds),
        kind: item.kind,
        name: item.name,
        guidance: item.guidance,
        deadlineDays: item.deadlineDays,
      })),
    })),
    version: baseVersion + 1,
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.id,
  };
  if (!(await deps.stores.accreditation.putType(record, baseVersion))) {
    throw new AppError(
      'conflict',
      'Someone saved this accreditation type after you opened it; reload and edit again',
    );
  }
  await audit(
    deps,
    actor,
    'accreditation_type.saved',
    { type: 'accreditation_type', id: record.id },
    { version: record.version },
  );
  return record;
}

/** Every accreditation type, open or not, for the staff editor (staff and admins only). */
export async function accreditationTypesFor(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
): Promise<AccreditationTypeRecord[]> {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can edit accreditation types');
  return deps.stores.accreditation.listTypes();
}

/** One accreditation type for the staff editor (staff and admins only); an unknown id is not_found. */
export async function accreditationTypeFor(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
  id: string,
): Promise<AccreditationTypeRecord> {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can edit accreditation types');
  const type = await deps.stores.accreditation.getType(id);
  if (!type) throw new AppError('not_found', 'No such accreditation type');
  return type;
}
