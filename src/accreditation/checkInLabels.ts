/** How check-in meeting kinds, cadences and assessment ratings read, in emails, pages and the quarterly report. */
import type { AssessmentRating, CheckInCadence, MeetingKind } from '../storage/ports.js';

/** How a meeting kind reads in a sentence. */
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  check_in: 'check-in',
  coaching_call: 'coaching call',
};
/** How a cadence reads. */
export const CADENCE_LABELS: Record<CheckInCadence, string> = {
  monthly: 'monthly',
  bimonthly: 'every two months',
  none: 'none',
};
/** How an assessment rating reads. */
export const RATING_LABELS: Record<AssessmentRating, string> = {
  strong: 'Strong',
  on_track: 'On track',
  needs_attention: 'Needs attention',
  at_risk: 'At risk',
};
