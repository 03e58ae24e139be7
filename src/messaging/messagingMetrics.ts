/**
 * Figures about the help desk for a period (a month for the report): first-response time
 * and SLA compliance, response times (average, median, by hour of day and day of week of
 * the person's message, UTC), how long people take to reply to staff, the open backlog, active people, conversations and messages
 * per category, the share of automatic replies, ratings, and each staff member's load.
 * Computed from the conversations' timings and the staff messages' response times; no
 * message text is opened (only rating comments, for the report's feedback section).
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import {
  CONVERSATION_CATEGORIES,
  type ConversationCategory,
  type ConversationRecord,
} from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { isStaff } from './conversationAccess.js';
import { messagingSettings } from './messagingSettings.js';
import { sealContext } from './conversationRecords.js';

/** Average and median of a list of durations (ms); undefined when empty. */
export interface Durations {
  count: number;
  averageMs?: number;
  medianMs?: number;
}

export interface MessagingMetrics {
  from: string;
  to: string;
  slaHours: number;
  conversationsOpened: number;
  firstResponse: Durations & { withinSla: number; slaCompliancePct?: number; unanswered: number };
  responses: Durations & { byHour: Durations[]; byWeekday: Durations[] };
  /** The other way: how long people took to reply to staff's last message (replies in the period). */
  userReplies: Durations;
  backlog: { open: number; waitingOnUser: number; overSla: number };
  activePeople: number;
  byCategory: Record<ConversationCategory, { conversations: number; messages: number }>;
  messages: number;
  automaticReplies: number;
  automatedSharePct?: number;
  ratings: { count: number; average?: number; distribution: number[]; comments: string[] };
  staff: { staffId: string; name: string; replies: number; notes: number; medianResponseMs?: number }[];
}

/** Average and median of durations. */
function durations(values: number[]): Durations {
  if (values.length === 0) return { count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count: values.length, averageMs: values.reduce((a, b) => a + b, 0) / values.length, medianMs };
}

const pct = (part: number, whole: number) =>
  whole === 0 ? undefined : Math.round((part / whole) * 1000) / 10;

/** The first instant of a month `YYYY-MM` and of the next one. */
export function monthRange(month: string): { from: string; to: string } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new AppError('invalid_request', 'month: use the form 2026-11');
  const from = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  const to = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
  return { from: from.toISOString(), to: to.toISOString() };
}

function firstResponse(
  opened: ConversationRecord[],
  slaMs: number,
  now: number,
): MessagingMetrics['firstResponse'] {
  const times = opened
    .filter((c) => c.firstResponseAt)
    .map((c) => Date.parse(c.firstResponseAt!) - Date.parse(c.createdAt));
  const withinSla = times.filter((t) => t <= slaMs).length;
  // Still unanswered past the SLA counts against compliance; unanswered within it does not yet.
  const lateUnanswered = opened.filter(
    (c) => !c.firstResponseAt && now - Date.parse(c.createdAt) > slaMs,
  ).length;
  const unanswered = opened.filter((c) => !c.firstResponseAt).length;
  const judged = times.length + lateUnanswered;
  return {
    ...durations(times),
    withinSla,
    unanswered,
    ...(judged ? { slaCompliancePct: pct(withinSla, judged)! } : {}),
  };
}

/** The figures for [from, to), for staff and admins. */
export async function messagingMetrics(
  deps: MessagingDeps,
  actor: Actor,
  from: string,
  to: string,
): Promise<MessagingMetrics> {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only staff can see messaging reports');
  const settings = await messagingSettings(deps);
  const slaMs = settings.slaHours * 3600_000;
  const now = Math.min(deps.now().getTime(), Date.parse(to));
  const active = await deps.stores.conversations.listActiveBetween(from, to);
  const opened = active.filter((c) => c.createdAt >= from && c.createdAt < to);
  const staffMessages = await deps.stores.conversationMessages.listStaffMessagesBetween(from, to);
  const replies = staffMessages.filter((m) => m.kind === 'message');
  const timed = replies.filter((m) => m.responseMs !== undefined);
  const userReplies = await deps.stores.conversationMessages.listUserRepliesBetween(from, to);

  const byHour = Array.from({ length: 24 }, (_, hour) =>
    durations(
      timed
        .filter((m) => new Date(Date.parse(m.createdAt) - m.responseMs!).getUTCHours() === hour)
        .map((m) => m.responseMs!),
    ),
  );
  const byWeekday = Array.from({ length: 7 }, (_, day) =>
    durations(
      timed
        .filter((m) => new Date(Date.parse(m.createdAt) - m.responseMs!).getUTCDay() === day)
        .map((m) => m.responseMs!),
    ),
  );

  const byCategory = Object.fromEntries(
    CONVERSATION_CATEGORIES.map((c) => [c, { conversations: 0, messages: 0 }]),
  ) as MessagingMetrics['byCategory'];
  for (const c of opened) {
    byCategory[c.category].conversations += 1;
    byCategory[c.category].messages += c.messageCount;
  }
  const messages = opened.reduce((n, c) => n + c.messageCount, 0);
  const automaticReplies = opened.reduce((n, c) => n + c.autoReplyCount, 0);

  const rated = active.filter((c) => c.rating && c.rating.at >= from && c.rating.at < to);
  const distribution = [1, 2, 3, 4, 5].map((score) => rated.filter((c) => c.rating!.score === score).length);
  const comments = rated.flatMap((c) => {
    if (!c.rating?.comment || c.erasedAt) return [];
    try {
      return [deps.crypto.open(c.rating.comment, sealContext.rating(c.id))];
    } catch {
      return [];
    }
  });

  const staffIds = [...new Set(staffMessages.map((m) => m.authorId).filter((id): id is string => !!id))];
  const people = await Promise.all(staffIds.map((id) => deps.stores.users.get(id)));
  const staff = staffIds.map((id, i) => {
    const mine = staffMessages.filter((m) => m.authorId === id);
    const median = durations(
      mine.filter((m) => m.kind === 'message' && m.responseMs !== undefined).map((m) => m.responseMs!),
    ).medianMs;
    return {
      staffId: id,
      name: people[i]?.name ?? 'Former staff member',
      replies: mine.filter((m) => m.kind === 'message').length,
      notes: mine.filter((m) => m.kind === 'note').length,
      ...(median !== undefined ? { medianResponseMs: median } : {}),
    };
  });

  const unresolved = active.filter((c) => c.status !== 'resolved' && !c.erasedAt);
  const answered = new Set(staffMessages.map((m) => m.conversationId));
  return {
    from,
    to,
    slaHours: settings.slaHours,
    conversationsOpened: opened.length,
    firstResponse: firstResponse(opened, slaMs, now),
    responses: { ...durations(timed.map((m) => m.responseMs!)), byHour, byWeekday },
    userReplies: durations(userReplies.map((m) => m.responseMs!)),
    backlog: {
      open: unresolved.filter((c) => c.status === 'open').length,
      waitingOnUser: unresolved.filter((c) => c.status === 'waiting_on_user').length,
      overSla: unresolved.filter((c) => c.waitingSince && now - Date.parse(c.waitingSince) > slaMs).length,
    },
    // People who wrote, or were written to, in the period (not merely had an old conversation).
    activePeople: new Set(
      active
        .filter(
          (c) =>
            c.createdAt >= from || (c.lastMessageAt >= from && c.lastMessageAt < to) || answered.has(c.id),
        )
        .map((c) => c.userId),
    ).size,
    byCategory,
    messages,
    automaticReplies,
    ...(messages ? { automatedSharePct: pct(automaticReplies, messages)! } : {}),
    ratings: {
      count: rated.length,
      ...(rated.length
        ? { average: Math.round((rated.reduce((n, c) => n + c.rating!.score, 0) / rated.length) * 100) / 100 }
        : {}),
      distribution,
      comments,
    },
    staff,
  };
}
