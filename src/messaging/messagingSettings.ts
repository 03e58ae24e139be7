/**
 * The team's messaging settings: category routing to teams, the first-response SLA,
 * office hours and their automatic reply, keyword rules for automatic replies, response
 * templates and retention. Defaults until staff save their own; saving is optimistic
 * (a 409 when someone saved meanwhile) and audited.
 */
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import { CONVERSATION_CATEGORIES, type MessagingSettings } from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';

/** The settings before anyone saved any. */
export function defaultMessagingSettings(): MessagingSettings {
  return {
    routes: {},
    slaHours: 24,
    officeHours: {
      days: [1, 2, 3, 4, 5],
      startHour: 7,
      endHour: 16,
      message:
        'Thank you for your message. Our office is open Monday to Friday, 09:00 to 18:00 (South African time); we will answer on the next working day.',
    },
    autoReplies: [],
    responseTemplates: [
      {
        id: 'received',
        name: 'We are looking into it',
        body: 'Hello {{userName}},\n\nThank you for your message about conversation #{{conversationNumber}}. We are looking into it and will reply by {{replyBy}}.\n\n{{staffName}}',
      },
      {
        id: 'resolved',
        name: 'Resolved',
        body: 'Hello {{userName}},\n\nThis should now be sorted out. If anything is still wrong, reply here: {{conversationUrl}}\n\n{{staffName}}',
      },
    ],
    retentionDays: 730,
    version: 0,
    updatedAt: new Date(0).toISOString(),
  };
}

/** The settings in force. */
export async function messagingSettings(deps: Pick<MessagingDeps, 'stores'>): Promise<MessagingSettings> {
  return (await deps.stores.messagingSettings.getSettings()) ?? defaultMessagingSettings();
}

const category = z.enum(CONVERSATION_CATEGORIES);
export const settingsInput = z.strictObject({
  routes: z.partialRecord(category, z.string().min(1).max(100)),
  slaHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 14),
  officeHours: z.strictObject({
    days: z.array(z.number().int().min(0).max(6)).max(7),
    startHour: z.number().int().min(0).max(23),
    endHour: z.number().int().min(1).max(24),
    message: z.string().trim().min(1).max(2000),
  }),
  autoReplies: z
    .array(
      z.strictObject({
        id: z.string().max(40).optional(),
        category: category.optional(),
        keywords: z.array(z.string().trim().min(2).max(40)).max(20),
        body: z.string().trim().min(1).max(2000),
      }),
    )
    .max(50),
  responseTemplates: z
    .array(
      z.strictObject({
        id: z.string().max(40).optional(),
        name: z.string().trim().min(1).max(100),
        body: z.string().trim().min(1).max(5000),
      }),
    )
    .max(100),
  retentionDays: z.number().int().min(0).max(3650),
});
export type SettingsInput = z.output<typeof settingsInput>;

/** Saves new settings over `baseVersion`; staff and admins only. */
export async function saveMessagingSettings(
  deps: Pick<MessagingDeps, 'stores' | 'now'>,
  actor: Actor,
  input: SettingsInput,
  baseVersion: number,
): Promise<MessagingSettings> {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff can change messaging settings');
  if (input.officeHours.endHour <= input.officeHours.startHour)
    throw new AppError('invalid_request', 'Office hours must end after they start');
  const teams = new Set((await deps.stores.directory.listTeams()).map((t) => t.id));
  const unknown = Object.values(input.routes).filter((teamId) => !teams.has(teamId));
  if (unknown.length)
    throw new AppError('invalid_request', `No team ${unknown.join(', ')}: create the team first`);
  const settings: MessagingSettings = {
    ...input,
    officeHours: { ...input.officeHours, days: [...new Set(input.officeHours.days)].sort() },
    autoReplies: input.autoReplies.map((r) => ({
      id: r.id || randomUUID(),
      keywords: r.keywords.map((k) => k.toLowerCase()),
      body: r.body,
      ...(r.category ? { category: r.category } : {}),
    })),
    responseTemplates: input.responseTemplates.map((t) => ({
      id: t.id || randomUUID(),
      name: t.name,
      body: t.body,
    })),
    version: baseVersion + 1,
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.id,
  };
  if (!(await deps.stores.messagingSettings.putSettings(settings, baseVersion))) {
    throw new AppError(
      'conflict',
      'Someone saved the messaging settings after you opened them; reload and edit again',
    );
  }
  await audit(
    deps,
    actor,
    'messaging.settings_saved',
    { type: 'messaging_settings', id: 'messaging' },
    { version: settings.version },
  );
  return settings;
}
