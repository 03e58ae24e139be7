/**
 * Automatic replies, always marked as automatic to the person: a keyword rule answers a
 * new conversation whose category and words match (each rule at most once, on the first
 * message), and a message outside office hours gets the office-hours note (once per 12
 * hours per conversation, so a back-and-forth at night is not answered every time).
 */
import type { ConversationCategory, MessagingSettings } from '../storage/ports.js';
import { normalisedWords } from './messageCrypto.js';

/** Whether `at` falls in office hours (UTC days and hours). */
function inOfficeHours(settings: Pick<MessagingSettings, 'officeHours'>, at: Date): boolean {
  const { days, startHour, endHour } = settings.officeHours;
  const hour = at.getUTCHours();
  return days.includes(at.getUTCDay()) && hour >= startHour && hour < endHour;
}

/** The texts of the automatic replies a person's message calls for, in order. */
export function automaticReplies(
  settings: MessagingSettings,
  category: ConversationCategory,
  text: string,
  at: Date,
  context: { isNew: boolean; answeredRecently: boolean },
): string[] {
  const replies: string[] = [];
  if (context.isNew) {
    const words = new Set(normalisedWords(text));
    for (const rule of settings.autoReplies) {
      if (rule.category && rule.category !== category) continue;
      if (
        rule.keywords.length > 0 &&
        !rule.keywords.some((k) => normalisedWords(k).every((w) => words.has(w)))
      )
        continue;
      replies.push(rule.body);
    }
  }
  if (!inOfficeHours(settings, at) && !context.answeredRecently) replies.push(settings.officeHours.message);
  return replies;
}
