/**
 * The monthly messaging report: the figures of a month written up in the sections the
 * office reports in (introduction, system performance, user feedback, staff feedback,
 * satisfaction survey trends and staff suggestions, suggestions for improvement,
 * conclusion and recommendations), the CSV of the figures
 * underneath, and the same text as a PDF. Suggestions follow fixed rules on the figures,
 * so two runs for the same month say the same thing.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { toCsv } from '../reports/csv.js';
import { CONVERSATION_CATEGORIES } from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { messagingMetrics, monthRange, type Durations, type MessagingMetrics } from './messagingMetrics.js';
import { plural, pluralWord } from '../plural.js';
import { availabilityBetween, type Availability } from '../monitoring/availability.js';
import { availabilityCsvRows, availabilitySections } from '../monitoring/availabilityReport.js';
import {
  feedbackCsvRows,
  feedbackFigures,
  feedbackSections,
  type FeedbackFigures,
} from './feedbackSections.js';

/** One section: a heading, paragraphs, and optionally a table. */
export interface ReportSection {
  heading: string;
  paragraphs: string[];
  table?: { header: string[]; rows: string[][] };
}

export interface MonthlyReport {
  month: string;
  title: string;
  metrics: MessagingMetrics;
  sections: ReportSection[];
  /** Uptime from the heartbeat, error rates and the slowest routes (src/monitoring/). */
  availability: Availability;
  /** The same written up: "Availability" and "Slowest routes", shown after the messaging sections. */
  availabilitySections: ReportSection[];
  /** Satisfaction survey trends and staff suggestions (feedbackSections.ts), also among `sections`. */
  feedback: FeedbackFigures;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const CATEGORY_NAMES: Record<(typeof CONVERSATION_CATEGORIES)[number], string> = {
  account: 'Account',
  payment: 'Payments',
  content_moderation: 'Content moderation',
  ad_placement: 'Ad placement',
  certificates: 'Certificates',
  accreditation: 'Accreditation',
  other: 'Other',
};

/** A duration as people read it: "45 min", "3.5 h", "2.1 days". */
function humanDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const minutes = ms / 60_000;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return plural(Math.round((hours / 24) * 10) / 10, 'day');
}

const pct = (value: number | undefined) => (value === undefined ? '—' : `${value}%`);

function slowest(buckets: Durations[], names: (i: number) => string): string | undefined {
  const ranked = buckets
    .map((b, i) => ({ i, median: b.medianMs }))
    .filter((b) => b.median !== undefined && buckets[b.i]!.count >= 3);
  if (ranked.length === 0) return undefined;
  const worst = ranked.sort((a, b) => b.median! - a.median!)[0]!;
  return `${names(worst.i)} (median ${humanDuration(worst.median)})`;
}

/** The rule-based suggestions for a month's figures. */
function suggestionsFor(m: MessagingMetrics): string[] {
  const out: string[] = [];
  if (m.firstResponse.slaCompliancePct !== undefined && m.firstResponse.slaCompliancePct < 90) {
    out.push(
      `Only ${m.firstResponse.slaCompliancePct}% of first answers came within ${plural(m.slaHours, 'hour')}: add cover at the busiest times or route more categories to teams with capacity.`,
    );
  }
  const slowHour = slowest(
    m.responses.byHour,
    (h) => `messages arriving ${String(h).padStart(2, '0')}:00-${String(h + 1).padStart(2, '0')}:00 UTC`,
  );
  if (slowHour)
    out.push(`The longest waits were for ${slowHour}; consider an automatic reply or cover for that time.`);
  const top = CONVERSATION_CATEGORIES.map((c) => ({ c, n: m.byCategory[c].conversations })).sort(
    (a, b) => b.n - a.n,
  )[0];
  if (top && top.n > 0 && m.conversationsOpened >= 5 && top.n / m.conversationsOpened >= 0.4) {
    out.push(
      `${CATEGORY_NAMES[top.c]} made up ${Math.round((top.n / m.conversationsOpened) * 100)}% of new conversations: an automatic reply or a help page for its common questions would save time.`,
    );
  }
  if (m.ratings.average !== undefined && m.ratings.average < 4)
    out.push(
      `The average rating was ${m.ratings.average} of 5: review the low-rated conversations with the team.`,
    );
  if (m.backlog.overSla > 0)
    out.push(
      `${plural(m.backlog.overSla, 'conversation')} ${pluralWord(m.backlog.overSla, 'waits', 'wait')} longer than the SLA now: clear them first.`,
    );
  if (out.length === 0)
    out.push('The figures meet the targets; keep the current staffing and automatic replies.');
  return out;
}

function sections(m: MessagingMetrics, month: string, organisation: string): ReportSection[] {
  const fr = m.firstResponse;
  const staffTable = m.staff.map((s) => [
    s.name,
    String(s.replies),
    String(s.notes),
    humanDuration(s.medianResponseMs),
  ]);
  const suggestions = suggestionsFor(m);
  return [
    {
      heading: 'Introduction',
      paragraphs: [
        `This report covers direct messages between people and the ${organisation} team in ${month} (UTC). ${plural(m.conversationsOpened, 'conversation')} ${pluralWord(m.conversationsOpened, 'was', 'were')} opened by ${plural(m.activePeople, 'active person', 'active people')}, with ${plural(m.messages, 'message')} in them.`,
        `The target is a first answer within ${plural(m.slaHours, 'hour')}.`,
      ],
    },
    {
      heading: 'System performance',
      paragraphs: [
        `First answer: average ${humanDuration(fr.averageMs)}, median ${humanDuration(fr.medianMs)}; ${fr.withinSla} within the target (${pct(fr.slaCompliancePct)} compliance); ${fr.unanswered} not answered yet.`,
        `All staff answers: average ${humanDuration(m.responses.averageMs)}, median ${humanDuration(m.responses.medianMs)} over ${plural(m.responses.count, 'answer')}.`,
        `People replying to staff: average ${humanDuration(m.userReplies.averageMs)}, median ${humanDuration(m.userReplies.medianMs)} over ${plural(m.userReplies.count, 'reply', 'replies')}.`,
        `Open backlog: ${m.backlog.open} open, ${m.backlog.waitingOnUser} waiting on the person, ${m.backlog.overSla} over the target. Automatic replies: ${m.automaticReplies} (${pct(m.automatedSharePct)} of messages).`,
      ],
      table: {
        header: ['Category', 'Conversations', 'Messages'],
        rows: CONVERSATION_CATEGORIES.map((c) => [
          CATEGORY_NAMES[c],
          String(m.byCategory[c].conversations),
          String(m.byCategory[c].messages),
        ]),
      },
    },
    {
      heading: 'Response time by day of the week',
      paragraphs: ['Median wait for an answer by the day the person wrote (UTC).'],
      table: {
        header: ['Day', 'Answers', 'Median', 'Average'],
        rows: m.responses.byWeekday.map((d, i) => [
          WEEKDAYS[i]!,
          String(d.count),
          humanDuration(d.medianMs),
          humanDuration(d.averageMs),
        ]),
      },
    },
    {
      heading: 'User feedback',
      paragraphs: [
        m.ratings.count
          ? `${plural(m.ratings.count, 'rating')}, average ${m.ratings.average} of 5 (1: ${m.ratings.distribution[0]}, 2: ${m.ratings.distribution[1]}, 3: ${m.ratings.distribution[2]}, 4: ${m.ratings.distribution[3]}, 5: ${m.ratings.distribution[4]}).`
          : 'No ratings were given this month.',
        ...m.ratings.comments.slice(0, 20).map((comment) => `“${comment}”`),
      ],
    },
    {
      heading: 'Staff feedback',
      paragraphs: [
        m.staff.length
          ? 'Answers and internal notes per staff member, with their median answer time.'
          : 'No staff answers this month.',
      ],
      ...(m.staff.length
        ? { table: { header: ['Staff member', 'Answers', 'Notes', 'Median answer'], rows: staffTable } }
        : {}),
    },
    { heading: 'Suggestions for improvement', paragraphs: suggestions },
    {
      heading: 'Conclusion and recommendations',
      paragraphs: [
        fr.slaCompliancePct === undefined
          ? 'There were no conversations to judge against the target this month.'
          : fr.slaCompliancePct >= 90
            ? `The team met its response target (${pct(fr.slaCompliancePct)}).`
            : `The team missed its response target (${pct(fr.slaCompliancePct)} against 90%).`,
        `Recommended first: ${suggestions[0]}`,
      ],
    },
  ];
}

/** The report for a month `YYYY-MM`. */
export async function monthlyReport(
  deps: MessagingDeps,
  actor: Actor,
  month: string,
  organisation: string,
): Promise<MonthlyReport> {
  const { from, to } = monthRange(month);
  const metrics = await messagingMetrics(deps, actor, from, to);
  const availability = await availabilityBetween(deps.stores.monitoring, from, to, deps.now());
  const feedback = await feedbackFigures(deps, actor, month, to);
  // The feedback sections go after "Staff feedback", before the suggestions built on them.
  const written = sections(metrics, month, organisation);
  const at = written.findIndex((s) => s.heading === 'Suggestions for improvement');
  written.splice(at, 0, ...feedbackSections(feedback));
  return {
    month,
    title: `Messaging report ${month}`,
    metrics,
    feedback,
    sections: written,
    availability,
    availabilitySections: availabilitySections(availability),
  };
}

/** The figures underneath, one row per measure (CSV). */
export function monthlyReportCsv(report: MonthlyReport): string {
  const m = report.metrics;
  const minutes = (ms: number | undefined) => (ms === undefined ? '' : (ms / 60_000).toFixed(1));
  const rows: unknown[][] = [
    ['conversations_opened', '', m.conversationsOpened],
    ['active_people', '', m.activePeople],
    ['messages', '', m.messages],
    ['automatic_replies', '', m.automaticReplies],
    ['automated_share_pct', '', m.automatedSharePct ?? ''],
    ['first_response_average_min', '', minutes(m.firstResponse.averageMs)],
    ['first_response_median_min', '', minutes(m.firstResponse.medianMs)],
    ['first_response_within_sla', '', m.firstResponse.withinSla],
    ['sla_compliance_pct', '', m.firstResponse.slaCompliancePct ?? ''],
    ['response_average_min', '', minutes(m.responses.averageMs)],
    ['response_median_min', '', minutes(m.responses.medianMs)],
    ['user_reply_average_min', '', minutes(m.userReplies.averageMs)],
    ['user_reply_median_min', '', minutes(m.userReplies.medianMs)],
    ['backlog_open', '', m.backlog.open],
    ['backlog_waiting_on_user', '', m.backlog.waitingOnUser],
    ['backlog_over_sla', '', m.backlog.overSla],
    ['ratings', '', m.ratings.count],
    ['rating_average', '', m.ratings.average ?? ''],
    ...CONVERSATION_CATEGORIES.flatMap((c) => [
      ['conversations_by_category', c, m.byCategory[c].conversations],
      ['messages_by_category', c, m.byCategory[c].messages],
    ]),
    ...m.responses.byHour.map((d, h) => ['response_median_min_by_hour', String(h), minutes(d.medianMs)]),
    ...m.responses.byWeekday.map((d, i) => [
      'response_median_min_by_weekday',
      WEEKDAYS[i],
      minutes(d.medianMs),
    ]),
  ];
  rows.push(...feedbackCsvRows(report.feedback));
  rows.push(...availabilityCsvRows(report.availability));
  return toCsv(
    ['month', 'measure', 'key', 'value'],
    rows.map((row) => [report.month, ...row]),
  );
}
