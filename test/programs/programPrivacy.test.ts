/**
 * A participant's programme data in their rights: the export carries their enrolments,
 * progress events, submissions and feedback; erasure deletes events, submissions (and
 * their files) and feedback, keeps the enrolment's bare status for the statistics, and
 * leaves other participants' data alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../fixtures/programs.js';
import { exportUserData, eraseAccount } from '../../src/accounts/privacy.js';
import { submitContent } from '../../src/programs/submissions.js';
import { giveFeedback } from '../../src/programs/staffIssuance.js';
import type { Actor } from '../../src/accounts/accountDeps.js';
import type { UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const actorOf = (user: UserRecord): Actor => ({ id: user.id, label: user.name, role: 'participant' });

async function activeParticipant(batchId: string) {
  const user = await makeParticipant(t);
  await recordAll(t, passingEvents(batchId, user.id));
  const submission = await submitContent(t.deps.programs, actorOf(user), batchId, {
    kind: 'file',
    name: 'essay.png',
    bytes: PNG,
  });
  const enrolment = (await t.deps.stores.enrolments.getEnrolment(batchId, user.id))!;
  await giveFeedback(t.deps.programs, actorOf(user), enrolment.credentialId!, {
    rating: 5,
    comment: 'Great',
  });
  return { user, submission, enrolment };
}

describe('programme data and privacy', () => {
  it('exports a participant programme data and erases it, leaving others alone', async () => {
    const { batch } = await makeBatch(t);
    const { user, submission, enrolment } = await activeParticipant(batch.id);
    const other = await activeParticipant(batch.id);

    const exported = (await exportUserData(t.deps.accounts, user)) as {
      programmes: { enrolments: any[]; progressEvents: any[]; submissions: any[]; feedback: any[] };
    };
    expect(exported.programmes.enrolments).toHaveLength(1);
    expect(exported.programmes.enrolments[0]).toMatchObject({ batchId: batch.id, status: 'issued' });
    expect(exported.programmes.progressEvents).toHaveLength(3);
    expect(exported.programmes.submissions.map((s) => s.id)).toEqual([submission.id]);
    expect(exported.programmes.feedback).toMatchObject([{ rating: 5, comment: 'Great' }]);

    await eraseAccount(t.deps.accounts, user, { id: 'admin', label: 'admin', role: 'admin' });
    expect(await t.deps.stores.enrolments.listEvents(batch.id, user.id)).toEqual([]);
    expect(await t.deps.stores.submissions.listSubmissions({ userId: user.id })).toEqual([]);
    expect(await t.deps.stores.feedback.getFeedback(enrolment.credentialId!)).toBeUndefined();
    expect(await t.deps.stores.enrolments.getEnrolment(batch.id, user.id)).toMatchObject({
      status: 'issued',
    });
    // The other participant uploaded the same bytes: the file stays for them.
    expect(await t.deps.stores.files.getFile(other.submission.file!.sha256)).toEqual(PNG);
    expect(await t.deps.stores.enrolments.listEvents(batch.id, other.user.id)).toHaveLength(3);
    expect(await t.deps.stores.feedback.getFeedback(other.enrolment.credentialId!)).toBeDefined();
  });
});
