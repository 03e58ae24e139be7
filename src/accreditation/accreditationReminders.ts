/**
 * Accreditation alerts through the communications engine: before each outstanding item's
 * deadline (the type's reminder days) and after it (1 and 7 days), to every member of the
 * partner organisation and to the assigned staff member; and, once accredited, before the
 * accreditation expires (the type's renewal days), to the partner. Planning is idempotent
 * (a plan already complete writes nothing); an item submitted or approved, or an
 * application that ends, cancels what is still queued.
 */
import type { ApplicationRecord, UserRecord } from '../storage/ports.js';
import { cancelReminders, planReminders } from '../notifications/reminders.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { checklistItem } from './applicationProgress.js';

const PAST_DUE_DAYS = [1, 7];
const portalUrl = (deps: AccreditationDeps, application: ApplicationRecord, side: 'partner' | 'staff') =>
  `${deps.publicUrl}${side === 'partner' ? '/partner/applications' : '/admin/accreditation'}/${application.id}`;
const daysText = (days: number) => `${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'}`;

/** Who hears about an application's deadlines: its partner members, and its assigned staff member. */
async function recipients(
  deps: AccreditationDeps,
  application: ApplicationRecord,
): Promise<{ user: UserRecord; side: 'partner' | 'staff' }[]> {
  const members = await deps.stores.users.list({
    role: 'partner',
    organisationId: application.organisationId,
    limit: 200,
    offset: 0,
  });
  const staff = application.assignedStaffId
    ? await deps.stores.users.get(application.assignedStaffId)
    : undefined;
  return [
    ...members.map((user) => ({ user, side: 'partner' as const })),
    ...(staff ? [{ user: staff, side: 'staff' as const }] : []),
  ];
}

const itemPlanKey = (application: ApplicationRecord, itemId: string, userId: string) =>
  `accreditation:${application.id}:${itemId}:${userId}`;

/** Plans (or re-plans) the deadline reminders of every outstanding item; cancels those of items done. */
export async function planApplicationReminders(
  deps: AccreditationDeps,
  application: ApplicationRecord,
): Promise<void> {
  const people = await recipients(deps, application);
  for (const entry of application.items) {
    const found = checklistItem(application, entry.itemId);
    if (!found) continue;
    const waiting =
      application.status === 'in_progress' && (entry.state === 'missing' || entry.state === 'needs_changes');
    for (const { user, side } of people) {
      const planKey = itemPlanKey(application, entry.itemId, user.id);
      if (!waiting) {
        await cancelReminders(
          deps.notifications,
          planKey,
          entry.state === 'approved'
            ? 'the item was approved'
            : 'the item was submitted or the application ended',
        );
        continue;
      }
      await planReminders(deps.notifications, {
        planKey,
        kind: 'accreditation_deadline',
        user,
        deadline: new Date(entry.dueAt),
        schedule: { offsetsDays: application.type.reminderDays, pastDueDays: PAST_DUE_DAYS },
        compose: (daysLeft) => ({
          trigger: daysLeft < 0 ? 'accreditation_past_due' : 'accreditation_deadline',
          values: {
            application: application.type.name,
            item: found.item.name,
            deadline: entry.dueAt.slice(0, 10),
            daysLeft: String(daysLeft),
            daysLeftText: daysText(daysLeft),
            portalUrl: portalUrl(deps, application, side),
          },
        }),
      });
    }
  }
}

/** Plans the renewal reminders of an approved accreditation, or cancels them when it ended. */
export async function planRenewalReminders(
  deps: AccreditationDeps,
  application: ApplicationRecord,
): Promise<void> {
  const members = await deps.stores.users.list({
    role: 'partner',
    organisationId: application.organisationId,
    limit: 200,
    offset: 0,
  });
  for (const user of members) {
    const planKey = `accreditation_expiry:${application.id}:${user.id}`;
    if (application.status !== 'approved' || !application.validUntil) {
      await cancelReminders(deps.notifications, planKey, 'the accreditation ended');
      continue;
    }
    await planReminders(deps.notifications, {
      planKey,
      kind: 'accreditation_expiry',
      user,
      deadline: new Date(application.validUntil),
      schedule: { offsetsDays: application.type.renewalReminderDays, pastDueDays: [] },
      compose: (daysLeft) => ({
        trigger: 'accreditation_expiry',
        values: {
          application: application.type.name,
          item: 'renewal',
          deadline: application.validUntil!.slice(0, 10),
          daysLeft: String(daysLeft),
          daysLeftText: daysText(daysLeft),
          portalUrl: portalUrl(deps, application, 'partner'),
        },
      }),
    });
  }
}
