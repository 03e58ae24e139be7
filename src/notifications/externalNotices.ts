/**
 * Notices other systems ask us to send (POST /communications/notices): a payment system's
 * receipt, an accreditation office's "requirements met". They go through the same
 * templates, language choice, outbox and delivery log as the platform's own messages.
 *
 * Only triggers without a platform event behind them can be sent this way: a certificate
 * notice from an integration could announce a certificate that does not exist. Every
 * placeholder of the trigger must be given (except the person's name, the organisation and
 * the portal link, which are filled in), so a missing amount is a 400, not "You paid ."
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit, type AuditDeps } from '../accounts/audit.js';
import { normaliseEmail } from '../accounts/users.js';
import type { OutboxMessage, Stores } from '../storage/ports.js';
import { findTrigger, listTriggers } from './messageTriggers.js';
import { notifyWithOutcome, type NotifyDeps } from './notify.js';

/** Triggers an integration may send; the others the platform sends itself on its own events. */
const EXTERNAL_TRIGGERS = [
  'payment_receipt',
  'additional_review',
  'inquiry',
  'requirements_met',
  'audit_irregularity',
  'clarification_request',
  'application_in_progress',
  'accreditation_expiry',
  'admin_message',
] as const;

/** Placeholders notify fills in from the person and the settings. */
const FILLED_IN = new Set(['name', 'organisation', 'portalUrl']);

export const noticeInput = z.strictObject({
  trigger: z.string().min(1).max(60),
  to: z.union([
    z.strictObject({ userId: z.string().min(1).max(100) }),
    z.strictObject({ email: z.email().max(320) }),
  ]),
  values: z.record(z.string().max(60), z.string().max(2000)).default({}),
  /** Your identifier for this notice: sending it again is a no-op (safe retries). */
  dedupeKey: z.string().min(1).max(200),
  /** Send later (e.g. a reminder you plan); ISO 8601 with a time zone. */
  sendAt: z.iso.datetime({ offset: true }).optional(),
});
export type NoticeInput = z.output<typeof noticeInput>;

/** Dependencies: the notifier, and users and audit for the recipient and the record. */
export interface ExternalNoticeDeps extends AuditDeps {
  notifications: NotifyDeps;
  stores: Pick<Stores, 'users' | 'audit'>;
}

/** What the caller gets back: the email message in the delivery log and whether it was new. */
export interface NoticeResult {
  messageId: string;
  status: OutboxMessage['status'];
  duplicate: boolean;
}

function checkValues(trigger: string, values: Record<string, string>): void {
  const definition = findTrigger(trigger);
  if (!definition || !(EXTERNAL_TRIGGERS as readonly string[]).includes(trigger)) {
    const known = listTriggers().some((t) => t.trigger === trigger);
    throw new AppError(
      'invalid_request',
      known
        ? `trigger: the platform sends "${trigger}" itself; integrations can send ${EXTERNAL_TRIGGERS.join(', ')}`
        : `trigger: no trigger "${trigger}"; integrations can send ${EXTERNAL_TRIGGERS.join(', ')}`,
      { field: 'trigger' },
    );
  }
  const allowed = Object.keys(definition.placeholders);
  const unknown = Object.keys(values).filter((k) => !allowed.includes(k));
  if (unknown.length)
    throw new AppError(
      'invalid_request',
      `values: "${trigger}" has no placeholder ${unknown.join(', ')}; it uses ${allowed.join(', ')}`,
      { field: 'values' },
    );
  const missing = allowed.filter((k) => !FILLED_IN.has(k) && values[k] === undefined);
  if (missing.length)
    throw new AppError('invalid_request', `values: "${trigger}" needs ${missing.join(', ')}`, {
      field: 'values',
    });
}

/** Sends (or plans) one notice to one account; a repeat with the same dedupe key changes nothing. */
export async function sendExternalNotice(
  deps: ExternalNoticeDeps,
  actor: Actor,
  input: NoticeInput,
): Promise<NoticeResult> {
  checkValues(input.trigger, input.values);
  const user =
    'userId' in input.to
      ? await deps.stores.users.get(input.to.userId)
      : await deps.stores.users.getByEmail(normaliseEmail(input.to.email));
  if (!user || user.status === 'erased')
    throw new AppError(
      'not_found',
      'No account is the recipient of this notice: check to.userId or to.email',
    );
  if (user.status !== 'active')
    throw new AppError('conflict', "The recipient's account is disabled, so nothing was sent");
  const dedupeKey = `api:${input.trigger}:${input.dedupeKey}`;
  const outcome = await notifyWithOutcome(deps.notifications, user, {
    trigger: input.trigger,
    dedupeKey,
    values: input.values,
    ...(input.sendAt ? { dueAt: new Date(input.sendAt) } : {}),
  });
  const message = outcome?.email;
  if (!outcome || !message)
    throw new AppError('conflict', "The recipient's account is not active, so nothing was sent");
  if (outcome.created)
    await audit(
      deps,
      actor,
      'notice.sent',
      { type: 'user', id: user.id },
      { trigger: input.trigger, messageId: message.id },
    );
  return { messageId: message.id, status: message.status, duplicate: !outcome.created };
}
