/**
 * `npm run seed:demo`: fills an empty platform with a realistic demo: staff, a reviewer,
 * a partner organisation with its member, and a course with a November batch whose
 * participants stand at every step: certificates issued automatically after review (one
 * public, one re-issued with a corrected name), a capstone waiting for review, a
 * certificate waiting for the participant's consent, and someone still in progress. Every demo
 * account has the password printed at the end. Running it twice changes nothing.
 */
import { cliDeps } from './cliDeps.js';
import { hashPassword } from '../accounts/passwords.js';
import { newUser } from '../accounts/users.js';
import { createOrganisation, createTeam } from '../accounts/administration.js';
import { recordConsents, CURRENT_TEXT_VERSIONS } from '../accounts/consents.js';
import { createBatch, createCourse } from '../programs/courses.js';
import { batchInput, courseInput } from '../programs/programSchemas.js';
import { recordProgress } from '../programs/enrolments.js';
import { decideSubmission, submitContent } from '../programs/submissions.js';
import { reissueCertificate } from '../programs/staffIssuance.js';
import type { Actor } from '../accounts/accountDeps.js';
import type { Role, UserRecord } from '../storage/ports.js';

const PASSWORD = 'demo-password-2026';
const deps = await cliDeps();
const system: Actor = { id: 'seed', label: 'Demo seed', role: 'admin' };

async function user(email: string, name: string, role: Role, organisationId?: string): Promise<UserRecord> {
  const existing = await deps.stores.users.getByEmail(email);
  if (existing) return existing;
  const record = newUser({ email, name, role, passwordHash: await hashPassword(PASSWORD, deps.config.passwordScryptLogN), verified: true, ...(organisationId ? { organisationId } : {}) }, deps.now());
  await deps.stores.users.create(record);
  return record;
}

if (await deps.stores.users.getByEmail('amahle.dlamini@demo.saypro.example')) {
  console.log('The demo is already seeded.');
} else {
  const orgs = await deps.stores.directory.listOrganisations();
  const org = orgs.find((o) => o.name === 'Ubuntu Skills Partners') ?? (await createOrganisation(deps.accounts, system, 'Ubuntu Skills Partners'));
  if (!(await deps.stores.directory.listTeams()).some((t) => t.name === 'Certificates desk')) await createTeam(deps.accounts, system, 'Certificates desk');
  await user('thandi.staff@demo.saypro.example', 'Thandi Mokoena', 'staff');
  await user('lerato.partner@demo.saypro.example', 'Lerato Khumalo', 'partner', org.id);
  const reviewer = await user('pieter.reviewer@demo.saypro.example', 'Pieter van der Merwe', 'reviewer');
  const course = await createCourse(deps.programs, system, courseInput.parse({
    id: 'web-101',
    title: 'Web Development 101',
    description: 'HTML, CSS and accessible pages.',
    modules: [{ id: 'html', title: 'HTML basics' }, { id: 'css', title: 'CSS layout' }, { id: 'a11y', title: 'Accessible pages' }],
    assessments: [{ id: 'final', title: 'Final assessment', maxScore: 100 }],
    reviewerIds: [reviewer.id],
  }));
  const batch = await createBatch(deps.programs, system, batchInput.parse({
    id: 'web-101-2026-11',
    courseId: course.id,
    name: 'November 2026',
    achievement: { name: 'Web Development 101', description: course.description, criteriaNarrative: 'Completed every module, passed the final assessment with at least 70% and had the capstone approved by a reviewer.' },
    criteria: { requiredModules: 'all', assessments: [{ assessmentId: 'final', minScore: 70 }], contentApproval: true, validForDays: 730 },
  }));
  // Who did what: finished and approved, waiting for review, waiting for consent, still going.
  const people = [
    ['amahle.dlamini@demo.saypro.example', 'Amahle Dlamini', 'approved'],
    ['sipho.nkosi@demo.saypro.example', 'Sipho Nkosy', 'approved'],
    ['zoe.ngcobo@demo.saypro.example', 'Zoë Ngcobo-Müller', 'submitted'],
    ['francois.le.roux@demo.saypro.example', 'François le Roux', 'no-consent'],
    ['naledi.mthembu@demo.saypro.example', 'Naledi Mthembu', 'in-progress'],
  ] as const;
  const at = new Date().toISOString();
  for (const [email, name, stage] of people) {
    const participant = await user(email, name, 'participant');
    if (stage !== 'no-consent') {
      await recordConsents(deps.accounts, participant.id, [{ kind: 'name_on_certificate', granted: true, textVersion: CURRENT_TEXT_VERSIONS.name_on_certificate }]);
    }
    const modules = stage === 'in-progress' ? ['html'] : ['html', 'css', 'a11y'];
    for (const moduleId of modules) await recordProgress(deps.programs, { id: `demo:${email}:${moduleId}`, batchId: batch.id, userId: participant.id, type: 'module_completed', moduleId, occurredAt: at, source: 'demo' });
    if (stage === 'in-progress') continue;
    await recordProgress(deps.programs, { id: `demo:${email}:final`, batchId: batch.id, userId: participant.id, type: 'assessment_scored', assessmentId: 'final', score: 84, occurredAt: at, source: 'demo' });
    const submission = await submitContent(deps.programs, { id: participant.id, label: name, role: 'participant' }, batch.id, { kind: 'link', url: `https://portfolio.example/${participant.id}/capstone` });
    if (stage !== 'submitted') await decideSubmission(deps.programs, { id: reviewer.id, label: reviewer.name, role: 'reviewer' }, submission.id, 'approved');
  }
  const amahle = (await deps.stores.users.getByEmail('amahle.dlamini@demo.saypro.example'))!;
  const amahleCertificate = (await deps.stores.programs.getEnrolment(batch.id, amahle.id))?.credentialId;
  if (amahleCertificate) await deps.stores.credentials.setPublic(amahleCertificate, true, at);
  // A misspelt name, corrected and re-issued: the first certificate is revoked as superseded.
  const sipho = (await deps.stores.users.getByEmail('sipho.nkosi@demo.saypro.example'))!;
  await reissueCertificate(deps.programs, system, batch.id, sipho.id, { reason: 'Name misspelt on the certificate', name: 'Sipho Nkosi' });
  console.log(`Demo seeded. Every demo account's password is "${PASSWORD}":`);
  for (const u of await deps.stores.users.list({ limit: 50, offset: 0 })) if (u.email.endsWith('@demo.saypro.example')) console.log(`  ${u.role.padEnd(11)} ${u.email}`);
}
await deps.stores.close();
