/**
 * What the audit-irregularity pages show, each behind its actor check: the console's list
 * (open ones, or all) with the organisations to record one against, a partner's own list,
 * and one irregularity with the names of the people on it.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { IrregularityRecord, OrganisationRecord } from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { visibleIrregularity } from './irregularities.js';
import { visibleApplication } from './applications.js';

/** Irregularities a list shows: there are a few a year per partner. */
const LIST_PAGE = 500;

const isStaff = (actor: Actor) => actor.role === 'staff' || actor.role === 'admin';

/** One row of a list. */
export interface IrregularityRow {
  record: IrregularityRecord;
  organisationName: string;
}

/**
 * The console's list: open irregularities (or every one), the organisations for the record
 * form, and the application the form records against (`applicationId`, its organisation chosen).
 */
export async function staffIrregularityList(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
  filter: { open: boolean; applicationId?: string | undefined },
): Promise<{
  rows: IrregularityRow[];
  organisations: OrganisationRecord[];
  application?: { id: string; organisationId: string };
}> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff see every audit irregularity');
  const application = filter.applicationId
    ? await visibleApplication(deps, actor, filter.applicationId)
    : undefined;
  const [records, organisations] = await Promise.all([
    deps.stores.irregularities.listIrregularities({ open: filter.open, limit: LIST_PAGE }),
    deps.stores.directory.listOrganisations(),
  ]);
  const names = new Map(organisations.map((o) => [o.id, o.name] as const));
  return {
    rows: records.map((record) => ({
      record,
      organisationName: names.get(record.organisationId) ?? 'unknown organisation',
    })),
    organisations: [...organisations].sort((a, b) => a.name.localeCompare(b.name)),
    ...(application
      ? { application: { id: application.id, organisationId: application.organisationId } }
      : {}),
  };
}

/** A partner's own irregularities, newest first. */
export async function partnerIrregularityList(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
): Promise<IrregularityRecord[]> {
  if (actor.role !== 'partner' || !actor.organisationId)
    throw new AppError('not_found', 'Your account is not linked to an organisation');
  return deps.stores.irregularities.listIrregularities({
    organisationId: actor.organisationId,
    limit: LIST_PAGE,
  });
}

/** One irregularity, its organisation's name and the names of the people on it. */
export async function irregularityPage(
  deps: Pick<AccreditationDeps, 'stores'>,
  actor: Actor,
  id: string,
): Promise<{ record: IrregularityRecord; organisationName: string; names: Map<string, string> }> {
  const record = await visibleIrregularity(deps, actor, id);
  const ids = new Set([
    record.recordedBy,
    ...record.responses.map((r) => r.by),
    ...record.decisions.map((d) => d.by),
  ]);
  const names = new Map(
    await Promise.all(
      [...ids].map(
        async (uid) => [uid, (await deps.stores.users.get(uid))?.name ?? 'a former user'] as const,
      ),
    ),
  );
  const organisation = await deps.stores.directory.getOrganisation(record.organisationId);
  return { record, organisationName: organisation?.name ?? 'unknown organisation', names };
}
