/**
 * "Send again" on the batch tracker (POST .../participants/:userId/resend-consent): guarded
 * like every tracker action (no session, wrong role, CSRF, 415, 413, and refused ones
 * send nothing), 404 for an unknown batch or person and for another batch, 429 within 10
 * minutes of the last request; and the tracker's row for someone waiting for consent,
 * which says since when, when the request and the reminder were sent, from the records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeParticipant } from '../../fixtures/programs.js';
import { ROLES, type BatchRecord, type Role, type UserRecord } from '../../../src/storage/ports.js';
import { dateInWords } from '../../../src/verification/verdict.js';
import { expectRedirect, get, post } from './consoleFixtures.js';
import { expectPostGuarded } from './consoleProgramFixtures.js';

const MAX_UPLOAD = 16384;
const DAY_MS = 24 * 3_600_000;
let t: TestApp;
const as = {} as Record<Role, SignedIn>;
let batch: BatchRecord;
let other: BatchRecord;
let lerato: UserRecord;
let askedAt: string;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_BODY_BYTES: '4096', MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
  for (const role of ROLES) as[role] = await signIn(t, role);
  ({ batch } = await makeBatch(t));
  ({ batch: other } = await makeBatch(t));
  lerato = await makeParticipant(t, { consent: false, name: 'Lerato Dube' });
  askedAt = t.clock.now.toISOString();
});
afterAll(async () => {
  await t.close();
});

const batchPage = (b = batch) => `/admin/programmes/batches/${b.id}`;
const resend = (userId: string, b = batch) => `${batchPage(b)}/participants/${userId}/resend-consent`;
const consentEmails = () =>
  t.deps.stores.outbox.search({
    userId: lerato.id,
    trigger: 'consent_request',
    channel: 'email',
    limit: 20,
  });
/** The tracker row of a participant, tags stripped and whitespace folded. */
async function rowText(name: string): Promise<string> {
  const html = await (await get(t, batchPage(), as.staff)).text();
  const row = html.split('<tr>').find((r) => r.includes(`<th scope="row">${name}</th>`));
  expect(row, `a row for ${name}`).toBeDefined();
  return row!
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('Issue now for someone without consent', () => {
  it('redirects with a notice that claims nothing unchecked, and the row says since when and that the email went', async () => {
    expectRedirect(
      await post(t, `${batchPage()}/participants/${lerato.id}/issue`, as.staff, {
        reason: 'Passed on paper',
      }),
      `${batchPage()}?done=issue_waiting`,
    );
    const page = await (await get(t, `${batchPage()}?done=issue_waiting`, as.staff)).text();
    expect(page).toContain(
      'Not issued yet: the participant has not agreed to their name on a certificate. The certificate is issued the moment they agree;',
    );
    const row = await rowText('Lerato Dube');
    expect(row).toContain(
      `waiting for consent to their name on the certificate since ${dateInWords(askedAt)}. Request email sent ${dateInWords(askedAt)}.`,
    );
    // Just asked: no button yet, and the row says from when.
    expect(row).toMatch(
      /A request went out less than 10 minutes ago; you can send it again from \d\d:\d\d UTC\./,
    );
    expect(page).not.toContain(resend(lerato.id));
  });
});

describe('guards', () => {
  it('is 401 without a session, 403 for other roles and without CSRF, 413 oversized; sends nothing', async () => {
    t.clock.now = new Date(Date.parse(askedAt) + DAY_MS);
    await expectPostGuarded(t, as, resend(lerato.id), {}, MAX_UPLOAD, async () => {
      expect(await consentEmails()).toHaveLength(1);
    });
  });

  it('is 415 for a JSON body; junk in a form body is ignored (the person is the one in the path)', async () => {
    const json = await t.app.request(resend(lerato.id), {
      method: 'POST',
      headers: { cookie: as.staff.cookie, 'x-csrf-token': as.staff.csrf, 'content-type': 'application/json' },
      body: '{"userId":"x"',
    });
    expect(json.status).toBe(415);
    expect(await consentEmails()).toHaveLength(1);
    const junk = await t.app.request(resend(lerato.id), {
      method: 'POST',
      headers: {
        cookie: as.staff.cookie,
        'x-csrf-token': as.staff.csrf,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '%zz=%%&&=&userId=someone-else',
    });
    expectRedirect(junk, `${batchPage()}?done=resent`);
    const emails = await consentEmails();
    expect(emails).toHaveLength(2);
    expect(emails[0]?.to).toBe(lerato.email);
    t.clock.now = new Date(t.clock.now.getTime() + DAY_MS);
  });

  it('is 404 for an unknown batch or person and for a batch they are not in; 409 for someone not waiting', async () => {
    const before = (await consentEmails()).length;
    expect((await post(t, resend(lerato.id, { ...batch, id: 'no-such-batch' }), as.staff)).status).toBe(404);
    expect((await post(t, resend('no-such-person'), as.staff)).status).toBe(404);
    expect((await post(t, resend(lerato.id, other), as.staff)).status).toBe(404);
    expect(await t.deps.stores.enrolments.getEnrolment(other.id, lerato.id)).toBeUndefined();
    const issued = await makeParticipant(t, { name: 'Sipho Nkosi' });
    expectRedirect(
      await post(t, `${batchPage()}/participants/${issued.id}/issue`, as.staff, {
        reason: 'Assessed in person',
      }),
      `${batchPage()}?done=issue`,
    );
    const notWaiting = await post(t, resend(issued.id), as.staff);
    expect(notWaiting.status).toBe(409);
    expect(await notWaiting.text()).toContain('This participant is not waiting for consent');
    expect(await consentEmails()).toHaveLength(before);
  });
});

describe('Send again', () => {
  it('emails the request now, the tracker shows the reminder date, and a second press within 10 minutes is refused', async () => {
    const before = (await consentEmails()).length;
    const remindedAt = t.clock.now.toISOString();
    expect(await rowText('Lerato Dube')).toContain('Send again');
    expectRedirect(await post(t, resend(lerato.id), as.staff), `${batchPage()}?done=resent`);
    expect(await consentEmails()).toHaveLength(before + 1);
    expect(t.mail.lastTo(lerato.email)?.subject).toBe(
      'Your certificate for Web Development 101 is waiting for your consent',
    );
    const page = await (await get(t, `${batchPage()}?done=resent`, as.staff)).text();
    expect(page).toContain('The consent request was sent again.');
    const row = await rowText('Lerato Dube');
    expect(row).toContain(`since ${dateInWords(askedAt)}. Request email sent ${dateInWords(askedAt)}; `);
    expect(row).toMatch(new RegExp(`(reminder|reminders, the last) sent ${dateInWords(remindedAt)}\\.`));
    expect(
      (await t.deps.stores.audit.list({ objectId: `${batch.id}/${lerato.id}`, limit: 10 })).map(
        (r) => r.action,
      ),
    ).toContain('consent.request_resent');

    t.clock.now = new Date(t.clock.now.getTime() + 5 * 60_000);
    const again = await post(t, resend(lerato.id), as.admin);
    expect(again.status).toBe(429);
    expect(await again.text()).toMatch(
      /less than 10 minutes ago\. You can send it again from \d\d:\d\d UTC\./,
    );
    expect(await consentEmails()).toHaveLength(before + 1);
  });
});
