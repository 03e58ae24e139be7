/**
 * A partner organisation's details (issue 21): its members keep its name, address, contact
 * person, contact email, phone and website up to date from /partner, and staff may correct
 * them from the console (the history names the staff member); every save that
 * changes something is kept as a change (who, when, each field's old and new value) that
 * staff read on the organisation's applications. Saves are compare-and-set on a version,
 * so two members editing at once cannot silently overwrite each other. Another
 * organisation's details answer "not found", exactly like an unknown organisation.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import {
  ORGANISATION_DETAIL_FIELDS,
  type OrganisationChangeRecord,
  type OrganisationDetails,
  type OrganisationDetailsRecord,
  type OrganisationFieldChange,
  type OrganisationRecord,
} from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';

/** Changes shown on a page: an organisation edits its details a few times a year. */
const CHANGES_SHOWN = 50;

/** Each field in words, for the form and the change history. */
export const FIELD_LABELS: Record<OrganisationFieldChange['field'], string> = {
  name: 'Name',
  address: 'Address',
  contactName: 'Contact person',
  contactEmail: 'Contact email',
  phone: 'Phone',
  website: 'Website',
};

/** No control characters (a NUL in a name), but line breaks where a field has lines (the address). */
const PLAIN_LINE = /^[^\p{Cc}]*$/u;
const PLAIN_LINES = /^(?:\P{Cc}|[\n\r\t])*$/u;
const optional = (max: number, pattern = PLAIN_LINE) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .regex(pattern, 'Use letters, digits and punctuation only');

/** The details form, as submitted (every field a string; empty clears a detail). */
const organisationDetailsInput = z.object({
  name: optional(200).pipe(z.string().min(1, 'Enter the organisation’s name')),
  address: optional(500, PLAIN_LINES),
  contactName: optional(200),
  contactEmail: z.union([
    z.literal(''),
    z.email('Enter an email address such as office@example.org').max(320, 'At most 320 characters'),
  ]),
  phone: z.union([
    z.literal(''),
    z
      .string()
      .trim()
      .regex(
        /^\+?[0-9 ()-]{6,30}$/,
        'Enter a phone number of digits, spaces and + ( ) -, such as +27 21 555 0100',
      ),
  ]),
  website: z.union([
    z.literal(''),
    z
      .url({ protocol: /^https?$/, error: 'Enter the website’s address, starting https://' })
      .max(300, 'At most 300 characters'),
  ]),
  baseVersion: z.coerce.number().int().min(0),
});

/** An organisation, its details and their change history, newest first. */
export interface OrganisationDetailsView {
  organisation: OrganisationRecord;
  details: OrganisationDetails;
  version: number;
  changes: OrganisationChangeRecord[];
}

const isStaff = (actor: Actor) => actor.role === 'staff' || actor.role === 'admin';

/** The organisation if the actor may see it (staff, or a partner of it); else not_found. */
async function visibleOrganisation(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
  organisationId: string,
): Promise<OrganisationRecord> {
  const mayView =
    isStaff(actor) ||
    (actor.role === 'partner' && !!actor.organisationId && actor.organisationId === organisationId);
  const organisation = mayView ? await deps.stores.directory.getOrganisation(organisationId) : undefined;
  if (!organisation) throw new AppError('not_found', 'No such organisation');
  return organisation;
}

/** An organisation's details and change history: its own partners and staff. */
export async function organisationDetailsFor(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
  organisationId: string,
): Promise<OrganisationDetailsView> {
  const organisation = await visibleOrganisation(deps, actor, organisationId);
  const [record, changes] = await Promise.all([
    deps.stores.organisationDetails.getDetails(organisation.id),
    deps.stores.organisationDetails.listChanges(organisation.id, CHANGES_SHOWN),
  ]);
  return { organisation, details: record?.details ?? {}, version: record?.version ?? 0, changes };
}

/** Each field whose value differs, in form order. */
function differences(
  before: { name: string; details: OrganisationDetails },
  after: { name: string; details: OrganisationDetails },
): OrganisationFieldChange[] {
  const changes: OrganisationFieldChange[] = [];
  if (before.name !== after.name) changes.push({ field: 'name', from: before.name, to: after.name });
  for (const field of ORGANISATION_DETAIL_FIELDS) {
    const from = before.details[field];
    const to = after.details[field];
    if (from !== to) changes.push({ field, ...(from ? { from } : {}), ...(to ? { to } : {}) });
  }
  return changes;
}

/**
 * A partner saves its own organisation's details over `baseVersion` (what the form was
 * opened with). Nothing changed: nothing is written. Someone saved in between: conflict.
 * Returns the change recorded, if any.
 */
export async function saveOrganisationDetails(
  deps: AccreditationDeps,
  actor: Actor,
  raw: Record<string, string | undefined>,
): Promise<OrganisationChangeRecord | undefined> {
  if (actor.role !== 'partner' || !actor.organisationId)
    throw new AppError('forbidden', 'Only members of a partner organisation edit its details');
  return saveDetailsOf(deps, actor, actor.organisationId, raw);
}

/**
 * Staff save a partner organisation's details, with the same checks as the partner's
 * form; the change in the history names the staff member (as staff).
 */
export async function saveOrganisationDetailsAsStaff(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
  raw: Record<string, string | undefined>,
): Promise<OrganisationChangeRecord | undefined> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff edit another organisation’s details');
  return saveDetailsOf(deps, actor, organisationId, raw);
}

/** Validates and saves the details of `organisationId` (the caller checked who may). */
async function saveDetailsOf(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
  raw: Record<string, string | undefined>,
): Promise<OrganisationChangeRecord | undefined> {
  const parsed = organisationDetailsInput.safeParse({
    name: raw.name ?? '',
    address: raw.address ?? '',
    contactName: raw.contactName ?? '',
    contactEmail: raw.contactEmail?.trim() ?? '',
    phone: raw.phone?.trim() ?? '',
    website: raw.website?.trim() ?? '',
    baseVersion: raw.baseVersion ?? '0',
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      field: String(issue.path[0] ?? ''),
      message: issue.message,
    }));
    throw new AppError('invalid_request', problems.map((p) => p.message).join('; '), { problems });
  }
  const input = parsed.data;
  const current = await organisationDetailsFor(deps, actor, organisationId);
  if (current.version !== input.baseVersion)
    throw new AppError(
      'conflict',
      'Someone saved these details after you opened them; reload the page to see theirs and edit again',
    );
  const details: OrganisationDetails = {};
  for (const field of ORGANISATION_DETAIL_FIELDS) if (input[field]) details[field] = input[field];
  const changes = differences(
    { name: current.organisation.name, details: current.details },
    { name: input.name, details },
  );
  if (changes.length === 0) return undefined;
  const at = deps.now().toISOString();
  const record: OrganisationDetailsRecord = {
    organisationId: current.organisation.id,
    details,
    version: current.version + 1,
    updatedAt: at,
    updatedBy: actor.id,
  };
  const change: OrganisationChangeRecord = {
    id: randomUUID(),
    organisationId: current.organisation.id,
    at,
    by: actor.id,
    // Staff edits say so: the partner reads the history as "who of us changed this".
    byLabel: isStaff(actor) ? `${actor.label} (staff)` : actor.label,
    changes,
  };
  if (!(await deps.stores.organisationDetails.saveDetails(record, input.name, change, current.version)))
    throw new AppError(
      'conflict',
      'Someone saved these details after you opened them; reload the page to see theirs and edit again',
    );
  await audit(
    deps,
    actor,
    'organisation.details_changed',
    { type: 'organisation', id: current.organisation.id },
    { fields: changes.map((c) => c.field), ...(isStaff(actor) ? { byStaff: true } : {}) },
  );
  return change;
}
