/**
 * Staff's forms: the certificate-process form (under Programmes → Surveys) and the
 * messaging form (under Messages), each sent as often as a staff member has something to
 * say; every sending is one response (its own id is its subject).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { Stores } from '../storage/ports.js';
import type { SurveyAudience, SurveyResponseRecord, SurveyVersionRecord } from '../storage/surveyPorts.js';
import { currentSurvey, requireSurveyStaff, STAFF_AUDIENCES, STAFF_SURVEY } from './surveyDefinitions.js';
import { checkAnswers } from './surveyAnswers.js';

/** What the staff forms need (programme and messaging deps both have it). */
interface StaffSurveyDeps {
  stores: Pick<Stores, 'surveys'>;
  now: () => Date;
}

function staffAudience(audience: SurveyAudience): SurveyAudience {
  if (!STAFF_AUDIENCES.includes(audience)) throw new AppError('not_found', `No staff form ${audience}`);
  return audience;
}

/** A staff form as the console shows it: its current version, if there is one. */
export async function staffSurveyForm(
  deps: StaffSurveyDeps,
  actor: Actor,
  audience: SurveyAudience = STAFF_SURVEY,
): Promise<SurveyVersionRecord | undefined> {
  requireSurveyStaff(actor);
  return currentSurvey(deps, staffAudience(audience));
}

/** A staff member sends a staff form (as often as they like; each is one response). */
export async function answerStaffSurvey(
  deps: StaffSurveyDeps,
  actor: Actor,
  form: Record<string, string | undefined>,
  audience: SurveyAudience = STAFF_SURVEY,
): Promise<SurveyResponseRecord> {
  requireSurveyStaff(actor);
  const survey = await currentSurvey(deps, staffAudience(audience));
  if (!survey) throw new AppError('not_found', 'No staff feedback form has been published yet');
  const answers = checkAnswers(survey.questions, form);
  const id = randomUUID();
  const response: SurveyResponseRecord = {
    id,
    surveyId: survey.id,
    audience,
    subject: id,
    userId: actor.id,
    answers,
    at: deps.now().toISOString(),
  };
  await deps.stores.surveys.addResponse(response);
  return response;
}
