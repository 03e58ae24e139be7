/**
 * Every kind of message the platform sends, with what it may say: the placeholders a
 * template can use (with sample values for the preview) and the built-in English text
 * used until staff save their own version. A staff template may use only the trigger's
 * placeholders, so a typo is caught when saving, not when a participant gets "Hello ,".
 */

import { ACCOUNT_TRIGGERS } from './triggers/accountTriggers.js';
import { ACCREDITATION_TRIGGERS } from './triggers/accreditationTriggers.js';
import { MESSAGING_TRIGGERS } from './triggers/messagingTriggers.js';
import { PROGRAMME_TRIGGERS } from './triggers/programmeTriggers.js';
import type { MessageTrigger } from './triggers/triggerSamples.js';

export type { MessageTrigger } from './triggers/triggerSamples.js';

/** Languages a template can be written in; people choose theirs in /me/notifications. */
export const MESSAGE_LANGUAGES: Record<string, string> = {
  en: 'English',
  af: 'Afrikaans',
  zu: 'isiZulu',
  xh: 'isiXhosa',
  st: 'Sesotho',
  tn: 'Setswana',
  fr: 'Français',
  pt: 'Português',
};
export const DEFAULT_LANGUAGE = 'en';

/** Every trigger, by area (the console lists them in this order). */
const TRIGGERS: readonly MessageTrigger[] = [
  ...ACCOUNT_TRIGGERS,
  ...PROGRAMME_TRIGGERS,
  ...ACCREDITATION_TRIGGERS,
  ...MESSAGING_TRIGGERS,
];

const BY_TRIGGER = new Map(TRIGGERS.map((t) => [t.trigger, t]));

/** Every trigger, in the order the console lists them. */
export function listTriggers(): readonly MessageTrigger[] {
  return TRIGGERS;
}

/** One trigger's definition, or undefined for a name that is not one. */
export function findTrigger(trigger: string): MessageTrigger | undefined {
  return BY_TRIGGER.get(trigger);
}
