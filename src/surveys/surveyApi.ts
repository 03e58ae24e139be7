/**
 * Surveys for BI tools and integrations (GET /reports/surveys...): every audience's
 * published versions with their answer counts, and the answers a page at a time in the
 * order they came (a cursor names the last one read, so a page is stable while answers
 * keep arriving).
 *
 * Who answered: by default a pseudonym, the same for a person in every answer and every
 * audience (a keyed hash of their account id under the messaging index key, so it cannot
 * be turned back into the id nor guessed from it), and no subject (a certificate or
 * conversation id leads back to the person). A key that also holds `surveys:identities`
 * gets the account id, name and email instead, and the subject.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { SurveyAudience, SurveyResponseRecord, SurveyVersionRecord } from '../storage/surveyPorts.js';
import type { MessagingDeps } from '../messaging/messagingDeps.js';
import { isSurveyAudience, STAFF_AUDIENCES } from './surveyDefinitions.js';
import { surveyOverview } from './surveyPublishing.js';
import { openAnswers } from './conversationSurvey.js';

/** Page sizes the API accepts. */
const PAGE = { default: 100, max: 500 } as const;

type ApiDeps = Pick<MessagingDeps, 'stores' | 'crypto' | 'now'>;

/** A person as an answer names them. */
type Person = { pseudonym: string } | { id: string; name: string; email: string };

/** One answer as the API gives it. */
interface ApiAnswer {
  id: string;
  audience: SurveyAudience;
  surveyId: string;
  at: string;
  respondent: Person;
  /** The staff member who resolved the conversation (conversation survey). */
  staff?: Person;
  /** The course batch (participant survey). */
  batchId?: string;
  /** The certificate or conversation answered about (identities only). */
  subject?: string;
  /** Question id -> rating, option or text. */
  answers: Record<string, number | string>;
}

function requireReader(actor: Actor): void {
  if (actor.role !== 'api_key' && actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff and API keys with surveys:read read survey answers');
}

/** Every audience's survey: the current version and each version with its answer count. */
export async function surveysForApi(
  deps: ApiDeps,
  actor: Actor,
): Promise<{ generatedAt: string; surveys: unknown[] }> {
  requireReader(actor);
  // surveyOverview is staff's view; an API key that passed its scope check reads the same.
  const overview = await surveyOverview(deps, { ...actor, role: 'staff' });
  const version = (v: SurveyVersionRecord) => ({
    id: v.id,
    version: v.version,
    title: v.title,
    questions: v.questions,
    publishedAt: v.publishedAt,
  });
  return {
    generatedAt: deps.now().toISOString(),
    surveys: overview.map((s) => ({
      audience: s.audience,
      label: s.label,
      current: s.current ? version(s.current) : null,
      versions: s.versions.map((v) => ({ ...version(v.version), answers: v.responses })),
    })),
  };
}

const encodeCursor = (r: SurveyResponseRecord) =>
  Buffer.from(JSON.stringify([r.at, r.subject])).toString('base64url');

function decodeCursor(cursor: string): { at: string; subject: string } {
  try {
    const [at, subject] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof subject === 'string') return { at, subject };
  } catch {
    // answered below
  }
  throw new AppError('invalid_request', 'after: use the `next` value of the previous page');
}

function pageSize(limit: string | undefined): number {
  if (limit === undefined) return PAGE.default;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > PAGE.max)
    throw new AppError('invalid_request', `limit: a whole number from 1 to ${PAGE.max}`);
  return n;
}

/** One page of an audience's answers; `next` is the cursor of the following page (null at the end). */
export async function surveyAnswersForApi(
  deps: ApiDeps,
  actor: Actor,
  audience: string,
  options: { after?: string | undefined; limit?: string | undefined; identities: boolean },
): Promise<{ audience: SurveyAudience; answers: ApiAnswer[]; next: string | null }> {
  requireReader(actor);
  if (!isSurveyAudience(audience)) throw new AppError('not_found', `No survey ${audience.slice(0, 80)}`);
  const limit = pageSize(options.limit);
  const page = await deps.stores.surveys.pageResponses({
    audience,
    ...(options.after ? { after: decodeCursor(options.after) } : {}),
    limit,
  });
  const people = new Map<string, Person>();
  const person = async (userId: string): Promise<Person> => {
    if (!options.identities) return { pseudonym: `p_${deps.crypto.fingerprint(`survey person ${userId}`)}` };
    const known = people.get(userId);
    if (known) return known;
    const user = await deps.stores.users.get(userId);
    const named = { id: userId, name: user?.name ?? '', email: user?.email ?? '' };
    people.set(userId, named);
    return named;
  };
  const answers: ApiAnswer[] = [];
  for (const r of page)
    answers.push({
      id: r.id,
      audience: r.audience,
      surveyId: r.surveyId,
      at: r.at,
      respondent: await person(r.userId),
      ...(r.staffId ? { staff: await person(r.staffId) } : {}),
      ...(r.batchId ? { batchId: r.batchId } : {}),
      // A staff form's subject is the answer's own id: nothing to hide.
      ...(options.identities && !STAFF_AUDIENCES.includes(r.audience) ? { subject: r.subject } : {}),
      answers: openAnswers(deps, r),
    });
  return { audience, answers, next: page.length === limit ? encodeCursor(page.at(-1)!) : null };
}
