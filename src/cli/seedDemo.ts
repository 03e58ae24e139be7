/**
 * `npm run seed:demo`: fills an empty platform with a realistic demo: staff, a reviewer,
 * a partner organisation in accreditation with its member, participants with issued
 * certificates (one public, one revoked and re-issued with a corrected name). Every demo
 * account has the password printed at the end. Running it twice changes nothing.
 */
import { cliDeps } from './cliDeps.js';
import { hashPassword } from '../accounts/passwords.js';
import { newUser } from '../accounts/users.js';
import { createOrganisation, createTeam } from '../accounts/administration.js';
import { issueCredential } from '../credentials/issueCredential.js';
import { changeCredentialStatus } from '../status/statusLists.js';
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

function badge(name: string, course: string, description: string): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Certificate of Completion: ${course}`,
    credentialSubject: {
      type: ['AchievementSubject'],
      name,
      achievement: {
        id: `${deps.config.publicUrl}/achievements/${course.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        type: ['Achievement'],
        name: course,
        description,
        criteria: { narrative: 'Completed every module, passed the final assessment with at least 70% and had the capstone approved by a reviewer.' },
        achievementType: 'Certificate',
      },
    },
  };
}

if (await deps.stores.users.getByEmail('amahle.dlamini@demo.saypro.example')) {
  console.log('The demo is already seeded.');
} else {
  const orgs = await deps.stores.directory.listOrganisations();
  const org = orgs.find((o) => o.name === 'Ubuntu Skills Partners') ?? (await createOrganisation(deps.accounts, system, 'Ubuntu Skills Partners'));
  if (!(await deps.stores.directory.listTeams()).some((t) => t.name === 'Certificates desk')) await createTeam(deps.accounts, system, 'Certificates desk');
  await user('thandi.staff@demo.saypro.example', 'Thandi Mokoena', 'staff');
  await user('pieter.reviewer@demo.saypro.example', 'Pieter van der Merwe', 'reviewer');
  await user('lerato.partner@demo.saypro.example', 'Lerato Khumalo', 'partner', org.id);
  const people = [
    ['amahle.dlamini@demo.saypro.example', 'Amahle Dlamini', 'Web Development 101', 'HTML, CSS and accessible pages.'],
    ['zoe.ngcobo@demo.saypro.example', 'Zoë Ngcobo-Müller', 'Data Literacy', 'Reading, cleaning and charting data responsibly.'],
    ['sipho.nkosi@demo.saypro.example', 'Sipho Nkosi', 'Project Management Essentials', 'Planning, risk and stakeholder communication.'],
    ['francois.le.roux@demo.saypro.example', 'François le Roux', 'Web Development 101', 'HTML, CSS and accessible pages.'],
  ] as const;
  for (const [email, name, course, description] of people) {
    const participant = await user(email, name, 'participant');
    await issueCredential(deps.issue, badge(name, course, description), { holderUserId: participant.id, isPublic: email.startsWith('amahle'), idempotencyKey: `demo:${email}:${course}` });
  }
  // A misspelt name, revoked as superseded and re-issued corrected.
  const sipho = (await deps.stores.users.getByEmail('sipho.nkosi@demo.saypro.example'))!;
  const wrong = await issueCredential(deps.issue, badge('Sipho Nkosy', 'Customer Service Excellence', 'Listening, resolving and following up.'), { holderUserId: sipho.id, idempotencyKey: 'demo:sipho:cse:wrong' });
  await changeCredentialStatus(deps.status, wrong.record.id, 'revoke', 'superseded: name corrected');
  await issueCredential(deps.issue, badge('Sipho Nkosi', 'Customer Service Excellence', 'Listening, resolving and following up.'), { holderUserId: sipho.id, idempotencyKey: 'demo:sipho:cse:fixed' });
  console.log(`Demo seeded. Every demo account's password is "${PASSWORD}":`);
  for (const u of await deps.stores.users.list({ limit: 50, offset: 0 })) if (u.email.endsWith('@demo.saypro.example')) console.log(`  ${u.role.padEnd(11)} ${u.email}`);
}
await deps.stores.close();
