/**
 * Each staff member's own messaging preferences: which alerts they get by email (a new
 * conversation in their teams, a reply on a conversation assigned to them, and, for
 * admins, the monitoring alert when the backlog past the reply target reaches its
 * threshold: src/monitoring/alerts.ts) and a personal away message, optionally between two
 * dates, sent as an automatic reply once per conversation while it is active when a person
 * writes in a conversation assigned to them. Before someone saves their own, they get what
 * they always got: the reply-on-assigned alert, admins the backlog alert too, and no away
 * message. Saving is audited without the away text.
 *
 * Stored preferences are read through `alertsInForce`: a record saved when the daily
 * backlog alert existed holds `sla_backlog`, which now means the monitoring alert (the one
 * backlog alert left), and an alert the person may not have (a non-admin's backlog alert)
 * is dropped, so an old record never fails to read and never grants too much.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import {
  STAFF_MESSAGING_ALERTS,
  type AwayMessage,
  type StaffMessagingAlert,
  type StaffMessagingPreferences,
  type Stores,
  type UserRecord,
} from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { isStaff } from './conversationAccess.js';

/** What reading preferences needs: the preferences, and the accounts (whose role decides what they may have). */
type PreferenceReads = { stores: Pick<Stores, 'messagingPreferences' | 'users'> };

/** Alerts about the whole service, for admins only. */
const ADMIN_ALERTS: readonly StaffMessagingAlert[] = ['monitoring_backlog'];

/** Alert names saved before, read as today's (the daily backlog alert gave way to the monitoring one). */
const RENAMED_ALERTS: Readonly<Record<string, StaffMessagingAlert>> = { sla_backlog: 'monitoring_backlog' };

/**
 * What a staff member gets before saving preferences of their own: what they got before
 * there were preferences (the reply-on-assigned alert; every admin had the backlog alert).
 */
const defaultAlerts = (role: string | undefined): StaffMessagingAlert[] =>
  role === 'admin' ? ['assigned_reply', 'monitoring_backlog'] : ['assigned_reply'];

/** The alerts in force from stored names: old names read as today's, unknown ones and those the role may not have dropped. */
export function alertsInForce(stored: readonly string[], role: string | undefined): StaffMessagingAlert[] {
  const named = new Set(stored.map((alert) => RENAMED_ALERTS[alert] ?? alert));
  return STAFF_MESSAGING_ALERTS.filter(
    (alert) => named.has(alert) && (role === 'admin' || !ADMIN_ALERTS.includes(alert)),
  );
}

/** The preferences in force for one staff member (`role` read from the account when not given). */
export async function preferencesOf(
  deps: PreferenceReads,
  staffId: string,
  role?: string,
): Promise<StaffMessagingPreferences> {
  const roleOf = role ?? (await deps.stores.users.get(staffId))?.role;
  const stored = await deps.stores.messagingPreferences.getPreferences(staffId);
  if (!stored) return { staffId, alerts: defaultAlerts(roleOf), updatedAt: new Date(0).toISOString() };
  return { ...stored, alerts: alertsInForce(stored.alerts, roleOf) };
}

/** Whether a staff member chose an alert. */
export async function wantsAlert(
  deps: PreferenceReads,
  staffId: string,
  alert: StaffMessagingAlert,
): Promise<boolean> {
  return (await preferencesOf(deps, staffId)).alerts.includes(alert);
}

/** The active admins who chose an alert (or have it by default), for the monitoring alerts. */
export async function adminsWanting(
  deps: PreferenceReads,
  alert: StaffMessagingAlert,
): Promise<UserRecord[]> {
  const admins = await deps.stores.users.list({ role: 'admin', limit: 200, offset: 0 });
  const wanting: UserRecord[] = [];
  for (const admin of admins)
    if (admin.status === 'active' && (await preferencesOf(deps, admin.id, 'admin')).alerts.includes(alert))
      wanting.push(admin);
  return wanting;
}

/** The away message in force at `at`, if any. */
export function activeAwayMessage(
  preferences: Pick<StaffMessagingPreferences, 'away'>,
  at: Date,
): AwayMessage | undefined {
  const away = preferences.away;
  if (!away) return undefined;
  const now = at.getTime();
  if (away.from && Date.parse(away.from) > now) return undefined;
  if (away.until && Date.parse(away.until) <= now) return undefined;
  return away;
}

/** The signed-in staff member's preferences. */
export async function myMessagingPreferences(
  deps: Pick<MessagingDeps, 'stores'>,
  actor: Actor,
): Promise<StaffMessagingPreferences> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff have messaging preferences');
  return preferencesOf(deps, actor.id, actor.role);
}

/** The alerts a staff member of `role` can choose (the form offers only these). */
export function alertsFor(role: string): StaffMessagingAlert[] {
  return alertsInForce(STAFF_MESSAGING_ALERTS, role);
}

const instant = z.iso.datetime({ offset: true }).optional();
export const preferencesInput = z.strictObject({
  alerts: z.array(z.enum(STAFF_MESSAGING_ALERTS)).max(STAFF_MESSAGING_ALERTS.length),
  away: z
    .strictObject({
      body: z.string().trim().min(1).max(2000),
      from: instant,
      until: instant,
    })
    .optional(),
});
export type PreferencesInput = z.output<typeof preferencesInput>;

/** Saves the signed-in staff member's preferences; a changed away message is a new spell. */
export async function saveMessagingPreferences(
  deps: Pick<MessagingDeps, 'stores' | 'now'>,
  actor: Actor,
  input: PreferencesInput,
): Promise<StaffMessagingPreferences> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff have messaging preferences');
  const away = input.away;
  if (away?.from && away.until && Date.parse(away.until) <= Date.parse(away.from))
    throw new AppError('invalid_request', 'The away message must end after it starts');
  const current = await preferencesOf(deps, actor.id, actor.role);
  const norm = (iso: string | undefined) => (iso ? new Date(iso).toISOString() : undefined);
  const next: AwayMessage | undefined = away
    ? {
        body: away.body,
        ...(away.from ? { from: norm(away.from)! } : {}),
        ...(away.until ? { until: norm(away.until)! } : {}),
        stamp: '',
      }
    : undefined;
  if (next) {
    const same =
      current.away &&
      current.away.body === next.body &&
      current.away.from === next.from &&
      current.away.until === next.until;
    // Saving the same away message again keeps its stamp: it must not answer a conversation twice.
    next.stamp = same ? current.away!.stamp : randomUUID();
  }
  const saved: StaffMessagingPreferences = {
    staffId: actor.id,
    // A staff member who is not an admin cannot sign up for an admin's alert.
    alerts: alertsInForce(input.alerts, actor.role),
    ...(next ? { away: next } : {}),
    updatedAt: deps.now().toISOString(),
  };
  await deps.stores.messagingPreferences.putPreferences(saved);
  await audit(
    deps,
    actor,
    'messaging.preferences_saved',
    { type: 'user', id: actor.id },
    { alerts: saved.alerts, away: next ? { from: next.from, until: next.until } : null },
  );
  return saved;
}
