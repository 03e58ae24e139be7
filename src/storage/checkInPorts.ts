/**
 * Check-ins and coaching calls with partner organisations (src/accreditation/checkIns.ts):
 * the meetings staff schedule, how often each partner should have one (its cadence), and
 * the overall qualitative assessment staff write per partner and quarter for the quarterly
 * report. Same rules as ports.ts: plain JSON-able records, one contract suite for every
 * adapter (test/contract/checkInContract.ts).
 */

/** What a meeting is: a routine check-in, or a coaching call. */
export const MEETING_KINDS = ['check_in', 'coaching_call'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** How often a partner should have a check-in ("none": not followed up by cadence). */
export const CHECK_IN_CADENCES = ['monthly', 'bimonthly', 'none'] as const;
export type CheckInCadence = (typeof CHECK_IN_CADENCES)[number];

/** The levels of the quarterly assessment, best first. */
export const ASSESSMENT_RATINGS = ['strong', 'on_track', 'needs_attention', 'at_risk'] as const;
export type AssessmentRating = (typeof ASSESSMENT_RATINGS)[number];

/** One check-in or coaching call with a partner organisation. */
export interface CheckInMeetingRecord {
  id: string;
  organisationId: string;
  kind: MeetingKind;
  /** The start as an instant (UTC ISO); `timeZone` is the zone it was set in and is shown in. */
  startsAt: string;
  timeZone: string;
  durationMinutes: number;
  agenda: string;
  /** An https URL (checked by the domain). */
  meetingUrl: string;
  /** The staff member running it. */
  staffId: string;
  status: 'scheduled' | 'cancelled';
  cancelledAt?: string;
  cancelReason?: string;
  /** Staff-only notes, never shown to the partner. */
  notes?: string;
  /** What was agreed, shown to the partner. */
  agreedActions?: string;
  notesAt?: string;
  notesBy?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** Optimistic concurrency: incremented by every update. */
  version: number;
}

/** A partner's check-in cadence, set by staff. */
export interface CheckInCadenceRecord {
  organisationId: string;
  cadence: CheckInCadence;
  /** When it was set: the first check-in is due one interval after, when none was held. */
  updatedAt: string;
  updatedBy: string;
}

/** Staff's overall qualitative assessment of one partner for one quarter. */
export interface QuarterlyAssessmentRecord {
  organisationId: string;
  /** `2026-Q4`. */
  quarter: string;
  rating: AssessmentRating;
  text: string;
  updatedAt: string;
  updatedBy: string;
}

/** Meetings, cadences and quarterly assessments. */
export interface CheckInStore {
  createMeeting(meeting: CheckInMeetingRecord): Promise<void>;
  getMeeting(id: string): Promise<CheckInMeetingRecord | undefined>;
  /** Replaces the meeting if its stored version is `expectedVersion`; false otherwise. */
  updateMeeting(meeting: CheckInMeetingRecord, expectedVersion: number): Promise<boolean>;
  /** Meetings by start, earliest first; `from` inclusive, `to` exclusive. */
  listMeetings(filter: {
    organisationId?: string;
    from?: string;
    to?: string;
    limit: number;
  }): Promise<CheckInMeetingRecord[]>;
  /** Sets (replaces) an organisation's cadence. */
  putCadence(cadence: CheckInCadenceRecord): Promise<void>;
  getCadence(organisationId: string): Promise<CheckInCadenceRecord | undefined>;
  /** Every cadence set, by organisation id. */
  listCadences(): Promise<CheckInCadenceRecord[]>;
  /** Sets (replaces) the assessment of an organisation for its quarter. */
  putAssessment(assessment: QuarterlyAssessmentRecord): Promise<void>;
  getAssessment(organisationId: string, quarter: string): Promise<QuarterlyAssessmentRecord | undefined>;
}
