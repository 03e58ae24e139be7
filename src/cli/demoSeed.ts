/**
 * The demo data behind `npm run seed:demo`, item by item through the domain functions:
 * staff, a reviewer, a partner organisation with its member and two accreditation types
 * (one application started, so /partner has something to show), a course with a November
 * batch whose participants stand at every step (issued and public, re-issued with a
 * corrected name so the first certificate is replaced, revoked, waiting for review,
 * waiting for consent, still in progress), and a message thread between a participant and
 * staff. Each item that exists already is skipped and said so, so a second run, or a run
 * over a half-seeded or hand-made database (course web-101 made by hand), creates no
 * duplicates and never stops half-way: an item the domain refuses is reported and the
 * items that depend on it are skipped.
 */
import { AppError } from '../errors.js';
import type { AppDeps } from '../deps.js';
import { hashPassword } from '../accounts/passwords.js';
import { newUser } from '../accounts/users.js';
import { createOrganisation, createTeam } from '../accounts/administration.js';
import { recordConsents, CURRENT_TEXT_VERSIONS } from '../accounts/consents.js';
import { createBatch, createCourse } from '../programs/courses.js';
import { batchInput, courseInput } from '../programs/programSchemas.js';
import { recordProgress } from '../programs/enrolments.js';
import { decideSubmission, submitContent } from '../programs/submissions.js';
import { reissueCertificate, revokeCertificate } from '../programs/staffIssuance.js';
import { type Create, type Skip, seedAccreditation } from './demoAccreditation.js';
import { openConversation, replyToConversation } from '../messaging/conversationWrites.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { OrganisationRecord, Role, UserRecord } from '../storage/ports.js';

/** The password of every demo account (printed at the end of the run). */
export const DEMO_PASSWORD = 'demo-password-2026';
/** The domain every demo address is at. */
export const DEMO_DOMAIN = 'demo.saypro.example';

/** What a run did: items created, items that existed, items the domain refused. */
export interface SeedOutcome {
  created: string[];
  skipped: string[];
  failed: string[];
}

const SEED: Actor = { id: 'seed', label: 'Demo seed', role: 'admin' };
const COURSE_ID = 'web-101';
const BATCH_ID = 'web-101-2026-11';
const at = (local: string) => `${local}@${DEMO_DOMAIN}`;
const actorOf = (u: UserRecord): Actor => ({
  id: u.id,
  label: u.name,
  role: u.role,
  ...(u.organisationId ? { organisationId: u.organisationId } : {}),
});

/** Who did what in the batch: the stage each demo participant reaches. */
const PARTICIPANTS = [
  ['amahle.dlamini', 'Amahle Dlamini', 'approved'],
  ['sipho.nkosi', 'Sipho Nkosy', 'approved'],
  ['kagiso.molefe', 'Kagiso Molefe', 'approved'],
  ['zoe.ngcobo', 'Zoë Ngcobo-Müller', 'submitted'],
  ['francois.le.roux', 'François le Roux', 'no-consent'],
  ['naledi.mthembu', 'Naledi Mthembu', 'in-progress'],
] as const;

/**
 * Seeds the demo into `deps`, telling `say` one line per item ("course web-101 exists,
 * skipped"). Only an unexpected fault (not an AppError) propagates.
 */
export async function seedDemo(deps: AppDeps, say: (line: string) => void): Promise<SeedOutcome> {
  const outcome: SeedOutcome = { created: [], skipped: [], failed: [] };
  const skipped = (item: string) => {
    outcome.skipped.push(item);
    say(`${item} exists, skipped`);
  };
  /** Creates one item; a refusal (AppError) is reported and undefined returned so dependents skip. */
  async function create<T>(item: string, make: () => Promise<T>): Promise<T | undefined> {
    try {
      const made = await make();
      outcome.created.push(item);
      say(`${item} created`);
      return made;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcome.failed.push(item);
      say(`${item} not created: ${error.detail}`);
      return undefined;
    }
  }
  async function user(
    email: string,
    name: string,
    role: Role,
    organisationId?: string,
  ): Promise<UserRecord | undefined> {
    const existing = await deps.stores.users.getByEmail(email);
    if (existing) {
      skipped(`${role} ${email}`);
      return existing;
    }
    return create(`${role} ${email}`, async () => {
      const passwordHash = await hashPassword(DEMO_PASSWORD, deps.config.passwordScryptLogN);
      const record = newUser(
        { email, name, role, passwordHash, verified: true, ...(organisationId ? { organisationId } : {}) },
        deps.now(),
      );
      await deps.stores.users.create(record);
      return record;
    });
  }

  const org = await organisation(deps, 'Ubuntu Skills Partners', skipped, create);
  if ((await deps.stores.directory.listTeams()).some((t) => t.name === 'Certificates desk'))
    skipped('team "Certificates desk"');
  else await create('team "Certificates desk"', () => createTeam(deps.accounts, SEED, 'Certificates desk'));
  const staff = await user(at('thandi.staff'), 'Thandi Mokoena', 'staff');
  const partner = await user(at('lerato.partner'), 'Lerato Khumalo', 'partner', org?.id);
  const reviewer = await user(at('pieter.reviewer'), 'Pieter van der Merwe', 'reviewer');

  await seedAccreditation(
    deps,
    SEED,
    partner && { actor: actorOf(partner), email: partner.email },
    skipped,
    create,
  );

  const batch = await courseAndBatch(deps, reviewer, skipped, create);
  const people = new Map<string, UserRecord>();
  for (const [local, name] of PARTICIPANTS) {
    const participant = await user(at(local), name, 'participant');
    if (participant) people.set(local, participant);
  }
  if (batch && reviewer) {
    for (const [local, , stage] of PARTICIPANTS) {
      const participant = people.get(local);
      if (!participant) continue;
      const item = `progress of ${participant.email} in batch ${BATCH_ID}`;
      if (await deps.stores.enrolments.getEnrolment(BATCH_ID, participant.id)) skipped(item);
      else await create(item, () => makeProgress(deps, participant, reviewer, stage));
    }
    await finishCertificates(deps, people, skipped, create);
  }
  if (staff) await messageThread(deps, people.get('zoe.ngcobo'), staff, skipped, create);
  return outcome;
}

async function organisation(
  deps: AppDeps,
  name: string,
  skipped: Skip,
  create: Create,
): Promise<OrganisationRecord | undefined> {
  const existing = (await deps.stores.directory.listOrganisations()).find((o) => o.name === name);
  if (existing) {
    skipped(`organisation "${name}"`);
    return existing;
  }
  return create(`organisation "${name}"`, () => createOrganisation(deps.accounts, SEED, name));
}

/** The course and its batch; an existing course is used as it is (it may have been made by hand). */
async function courseAndBatch(
  deps: AppDeps,
  reviewer: UserRecord | undefined,
  skipped: Skip,
  create: Create,
) {
  let course = await deps.stores.courses.getCourse(COURSE_ID);
  if (course) skipped(`course ${COURSE_ID}`);
  else {
    course = await create(`course ${COURSE_ID}`, () =>
      createCourse(
        deps.programs,
        SEED,
        courseInput.parse({
          id: COURSE_ID,
          title: 'Web Development 101',
          description: 'HTML, CSS and accessible pages.',
          modules: [
            { id: 'html', title: 'HTML basics' },
            { id: 'css', title: 'CSS layout' },
            { id: 'a11y', title: 'Accessible pages' },
          ],
          assessments: [{ id: 'final', title: 'Final assessment', maxScore: 100 }],
          reviewerIds: reviewer ? [reviewer.id] : [],
        }),
      ),
    );
  }
  if (!course) return undefined;
  const existing = await deps.stores.courses.getBatch(BATCH_ID);
  if (existing) {
    skipped(`batch ${BATCH_ID}`);
    return existing;
  }
  const description = course.description;
  return create(`batch ${BATCH_ID}`, () =>
    createBatch(
      deps.programs,
      SEED,
      batchInput.parse({
        id: BATCH_ID,
        courseId: COURSE_ID,
        name: 'November 2026',
        achievement: {
          name: 'Web Development 101',
          description,
          criteriaNarrative:
            'Completed every module, passed the final assessment with at least 70% and had the capstone approved by a reviewer.',
        },
        criteria: {
          requiredModules: 'all',
          assessments: [{ assessmentId: 'final', minScore: 70 }],
          contentApproval: true,
          validForDays: 730,
        },
      }),
    ),
  );
}

/** One participant's modules, score, capstone and review, as far as their stage goes. */
async function makeProgress(
  deps: AppDeps,
  participant: UserRecord,
  reviewer: UserRecord,
  stage: (typeof PARTICIPANTS)[number][2],
): Promise<void> {
  const when = deps.now().toISOString();
  const { email } = participant;
  if (stage !== 'no-consent') {
    await recordConsents(deps.accounts, participant.id, [
      { kind: 'name_on_certificate', granted: true, textVersion: CURRENT_TEXT_VERSIONS.name_on_certificate },
    ]);
  }
  const modules = stage === 'in-progress' ? ['html'] : ['html', 'css', 'a11y'];
  for (const moduleId of modules)
    await recordProgress(deps.programs, {
      id: `demo:${email}:${moduleId}`,
      batchId: BATCH_ID,
      userId: participant.id,
      type: 'module_completed',
      moduleId,
      occurredAt: when,
      source: 'demo',
    });
  if (stage === 'in-progress') return;
  await recordProgress(deps.programs, {
    id: `demo:${email}:final`,
    batchId: BATCH_ID,
    userId: participant.id,
    type: 'assessment_scored',
    assessmentId: 'final',
    score: 84,
    occurredAt: when,
    source: 'demo',
  });
  const submission = await submitContent(deps.programs, actorOf(participant), BATCH_ID, {
    kind: 'link',
    url: `https://portfolio.example/${participant.id}/capstone`,
  });
  if (stage !== 'submitted')
    await decideSubmission(deps.programs, actorOf(reviewer), submission.id, 'approved');
}

/**
 * The certificates' later lives: Amahle's made public, Sipho's replaced by a re-issue with
 * the corrected name (the new credential supersedes the old, which is revoked as
 * superseded), Kagiso's revoked through the status list.
 */
async function finishCertificates(
  deps: AppDeps,
  people: Map<string, UserRecord>,
  skipped: Skip,
  create: Create,
): Promise<void> {
  const enrolment = async (local: string) => {
    const person = people.get(local);
    return person ? deps.stores.enrolments.getEnrolment(BATCH_ID, person.id) : undefined;
  };
  const amahle = await enrolment('amahle.dlamini');
  if (amahle?.credentialId) {
    const record = await deps.stores.credentials.get(amahle.credentialId);
    const item = `public page of ${at('amahle.dlamini')}'s certificate`;
    if (record?.isPublic) skipped(item);
    else
      await create(item, () =>
        deps.stores.credentials.setPublic(amahle.credentialId!, true, deps.now().toISOString()),
      );
  }
  const sipho = await enrolment('sipho.nkosi');
  const replaced = `replacement of ${at('sipho.nkosi')}'s certificate`;
  if (sipho && sipho.certificates.length > 1) skipped(replaced);
  else if (sipho?.status === 'issued') {
    await create(replaced, () =>
      reissueCertificate(deps.programs, SEED, BATCH_ID, sipho.userId, {
        reason: 'Name misspelt on the certificate',
        name: 'Sipho Nkosi',
      }),
    );
  }
  const kagiso = await enrolment('kagiso.molefe');
  const revoked = `revocation of ${at('kagiso.molefe')}'s certificate`;
  if (kagiso?.status === 'revoked') skipped(revoked);
  else if (kagiso?.status === 'issued') {
    await create(revoked, () =>
      revokeCertificate(deps.programs, SEED, BATCH_ID, kagiso.userId, 'Assessment found to be copied'),
    );
  }
}

const THREAD_SUBJECT = 'My name on the certificate';

/** A conversation a participant opened, answered by staff. */
async function messageThread(
  deps: AppDeps,
  participant: UserRecord | undefined,
  staff: UserRecord,
  skipped: Skip,
  create: Create,
): Promise<void> {
  if (!participant) return;
  const item = `message thread between ${participant.email} and ${staff.email}`;
  if (
    (
      await deps.stores.conversations.listConversations({
        userId: participant.id,
        category: 'certificates',
        limit: 1,
      })
    ).length > 0
  )
    return skipped(item);
  await create(item, async () => {
    const conversation = await openConversation(deps.messaging, actorOf(participant), {
      category: 'certificates',
      subject: THREAD_SUBJECT,
      body: 'Hello, my surname has an umlaut (Ngcobo-Müller). Will the certificate show it correctly?',
    });
    await replyToConversation(
      deps.messaging,
      actorOf(staff),
      conversation.id,
      'Hello Zoë, yes: certificates keep every accent and umlaut exactly as in your profile. Check your name under Privacy before the certificate is issued.',
    );
    return conversation;
  });
}
