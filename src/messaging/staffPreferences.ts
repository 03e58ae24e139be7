/**
 * Each staff member's own messaging preferences: which alerts they get by email (a new
 * conversation in their teams, a reply on a conversation assigned to them, the daily SLA
 * backlog) and a personal away message, optionally between two dates, sent as an automatic
 * reply once per conversation while it is active when a person writes in a conversation
 * assigned to them. Before someone saves their own, they get what staff always got: the
 * reply-on-assigned alert and no away message. Saving is audited without the away text.
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
} from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { isStaff } from './conversationAccess.js';

/** What a staff member gets before saving preferences of their own (the behaviour before preferences). */
const DEFAULT_ALERTS: readonly StaffMessagingAlert[] = ['assigned_reply'];

/** The preferences in force for one staff member. */
export async function preferencesOf(
  deps: Pick<MessagingDeps, 'stores'>,
  staffId: string,
): Promise<StaffMessagingPreferences> {
  return (
    (await deps.stores.messagingPreferences.getPreferences(staffId)) ?? {
      staffId,
      alerts: [...DEFAULT_ALERTS],
      updatedAt: new Date(0).toISOString(),
    }
  );
}

/** Whether a staff member chose an alert. */
export async function wantsAlert(
  deps: Pick<MessagingDeps, 'stores'>,
  staffId: string,
  alert: StaffMessagingAlert,
): Promise<boolean> {
  return (await preferencesOf(deps, staffId)).alerts.includes(alert);
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
  return preferencesOf(deps, actor.id);
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
  const current = await preferencesOf(deps, actor.id);
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
    alerts: STAFF_MESSAGING_ALERTS.filter((a) => input.alerts.includes(a)),
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
