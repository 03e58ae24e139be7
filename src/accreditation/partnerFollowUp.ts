/**
 * Following a partner up over time: how often it should have a check-in (its cadence:
 * monthly, every two months, or none; the console lists partners due by it), and staff's
 * overall assessment of it per quarter, which the quarterly report shows.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { audit } from '../accounts/audit.js';
import {
  ASSESSMENT_RATINGS,
  CHECK_IN_CADENCES,
  type AssessmentRating,
  type CheckInCadence,
  type CheckInCadenceRecord,
  type QuarterlyAssessmentRecord,
} from '../storage/ports.js';
import type { AccreditationDeps } from './accreditationDeps.js';
import { organisationOf, requireStaff } from './checkInAccess.js';

/** Staff set how often a partner should have a check-in. */
export async function setCheckInCadence(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
  cadence: CheckInCadence,
): Promise<CheckInCadenceRecord> {
  requireStaff(actor, 'set check-in cadences');
  await organisationOf(deps, organisationId);
  if (!CHECK_IN_CADENCES.includes(cadence))
    throw new AppError('invalid_request', 'Cadence: choose monthly, every two months or none', {
      field: 'cadence',
    });
  const record: CheckInCadenceRecord = {
    organisationId,
    cadence,
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.id,
  };
  await deps.stores.checkIns.putCadence(record);
  await audit(deps, actor, 'check_in.cadence', { type: 'organisation', id: organisationId }, { cadence });
  return record;
}

/** `2026-Q4`, checked. */
export function checkedQuarter(quarter: string): string {
  if (!/^\d{4}-Q[1-4]$/.test(quarter))
    throw new AppError('invalid_request', 'Quarter: use the form 2026-Q4', { field: 'quarter' });
  return quarter;
}

/** Staff write (or rewrite) the overall assessment of a partner for a quarter. */
export async function saveQuarterlyAssessment(
  deps: AccreditationDeps,
  actor: Actor,
  organisationId: string,
  input: { quarter: string; rating: AssessmentRating; text: string },
): Promise<QuarterlyAssessmentRecord> {
  requireStaff(actor, 'write quarterly assessments');
  await organisationOf(deps, organisationId);
  const quarter = checkedQuarter(input.quarter);
  if (!ASSESSMENT_RATINGS.includes(input.rating))
    throw new AppError('invalid_request', 'Rating: choose one of the levels', { field: 'rating' });
  const text = input.text.trim();
  if (!text || text.length > 4000)
    throw new AppError('invalid_request', 'Assessment: write it in at most 4,000 characters', {
      field: 'text',
    });
  const record: QuarterlyAssessmentRecord = {
    organisationId,
    quarter,
    rating: input.rating,
    text,
    updatedAt: deps.now().toISOString(),
    updatedBy: actor.id,
  };
  await deps.stores.checkIns.putAssessment(record);
  await audit(
    deps,
    actor,
    'accreditation.assessment',
    { type: 'organisation', id: organisationId },
    {
      quarter,
      rating: input.rating,
    },
  );
  return record;
}
