/**
 * A person's rights over their data (GDPR art. 15/17/20, POPIA s. 23-24): export it all as
 * JSON, and erase the account. Erasure keeps issued credentials verifiable (their status
 * entries stay, so the copy the person holds still checks out) but removes every stored
 * copy of their personal data: the credentials' JSON, public pages, profile, consents,
 * sessions and tokens, their programme events, submissions (with files) and feedback,
 * their name in organisations' change histories, the credentials from other issuers
 * they kept in their backpack, and their connections to external backpacks.
 */
import type { AccountDeps, Actor } from './accountDeps.js';
import type { UserRecord } from '../storage/ports.js';
import { audit } from './audit.js';
import { surveyAnswersOf } from '../surveys/personalSurveyData.js';

/** What an organisation's change history says of an editor whose account was erased. */
const ERASED_EDITOR_LABEL = 'a former user';

/** Everything stored about a person, for download. Secrets (hashes) are left out. */
export async function exportUserData(deps: AccountDeps, user: UserRecord): Promise<Record<string, unknown>> {
  const { passwordHash: _omitted, ...profile } = user;
  const [consents, sessions, credentials, actions, enrolments, submissions, backpack] = await Promise.all([
    deps.stores.consents.listForUser(user.id),
    deps.stores.sessions.listForUser(user.id),
    deps.stores.credentials.listByHolder(user.id),
    deps.stores.audit.list({ actorId: user.id, limit: 1000 }),
    deps.stores.enrolments.listEnrolmentsOfUser(user.id),
    deps.stores.submissions.listSubmissions({ userId: user.id }),
    // Every entry: a backpack holds at most MAX_BACKPACK_ITEMS (src/backpack/backpack.ts).
    deps.stores.backpack.list(user.id, { limit: 10_000, offset: 0 }),
  ]);
  const events = (
    await Promise.all(enrolments.map((e) => deps.stores.enrolments.listEvents(e.batchId, user.id)))
  ).flat();
  const surveyAnswers = await surveyAnswersOf(deps, user.id);
  // Which backpacks are connected, never their tokens or client secrets.
  const backpackConnections = (await deps.stores.backpackLinks.listConnections(user.id)).map((c) => ({
    host: c.host,
    name: c.name,
    status: c.status,
    scopes: c.scopes,
    createdAt: c.createdAt,
    ...(c.connectedAt ? { connectedAt: c.connectedAt } : {}),
  }));
  const feedback = (
    await Promise.all(
      enrolments.flatMap((e) => e.certificates.map((c) => deps.stores.feedback.getFeedback(c.credentialId))),
    )
  ).filter((f) => f !== undefined);
  return {
    exportedAt: deps.now().toISOString(),
    profile,
    consents,
    sessions: sessions.map(({ idHash: _hash, ...session }) => session),
    credentials: credentials.map((c) => ({
      id: c.id,
      certificateNumber: c.certificateNumber,
      revoked: c.revoked,
      suspended: c.suspended,
      isPublic: c.isPublic,
      issuedAt: c.createdAt,
      verifiableCredential: c.credential,
    })),
    auditedActions: actions,
    programmes: {
      enrolments: enrolments.map(({ version: _version, ...enrolment }) => enrolment),
      progressEvents: events,
      submissions,
      feedback,
    },
    // The conversation survey's answers are with each conversation (messagingPrivacy.ts).
    surveyAnswers,
    backpack: backpack.records.map(({ credentialKey: _key, userId: _user, ...entry }) => entry),
    backpackConnections,
  };
}

/** Erases an account as described above; the person is signed out everywhere. */
export async function eraseAccount(deps: AccountDeps, user: UserRecord, actor: Actor): Promise<void> {
  const now = deps.now().toISOString();
  for (const credential of await deps.stores.credentials.listByHolder(user.id)) {
    await deps.stores.credentials.redactPersonalData(credential.id, now);
  }
  await deps.stores.consents.deleteForUser(user.id);
  await deps.stores.userLocations.removeLocation(user.id);
  // Programme data: events, submissions (with file bytes no one else submitted) and feedback.
  // Enrolments stay (status and dates only) for the statistics.
  await deps.stores.enrolments.eraseEventsOf(user.id);
  await deps.stores.submissions.eraseSubmissionsOf(user.id);
  await deps.stores.feedback.eraseFeedbackOf(user.id);
  await deps.stores.evidenceConsents.eraseEvidenceConsentsOf(user.id);
  await deps.stores.surveys.eraseResponsesOf(user.id);
  await deps.stores.backpack.removeAllOf(user.id);
  // Connected backpacks: their tokens revoked at the hosts (best effort), then forgotten.
  await deps.revokeBackpackTokens?.(user.id);
  await deps.stores.backpackLinks.removeAllOf(user.id);
  // Organisation details histories keep the change (staff need it) but not who, by name.
  await deps.stores.organisationDetails.relabelEditor(user.id, ERASED_EDITOR_LABEL);
  await deps.stores.tokens.deleteForUser(user.id);
  await deps.stores.sessions.deleteForUser(user.id);
  await deps.stores.users.update(
    user.id,
    {
      email: `erased-${user.id}@erased.invalid`,
      name: 'Erased user',
      passwordHash: undefined,
      emailVerifiedAt: undefined,
      organisationId: undefined,
      teamIds: [],
      status: 'erased',
    },
    now,
  );
  // The audit entry names the account by id only.
  await audit(
    deps,
    { ...actor, label: actor.id === user.id ? 'the account holder' : actor.label },
    'account.erased',
    { type: 'user', id: user.id },
  );
}
