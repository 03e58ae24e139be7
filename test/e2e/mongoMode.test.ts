/**
 * The app in MongoDB mode (createTestApp with MONGODB_URI and MONGODB_DB, so createDeps
 * opens the MongoDB adapter as the server does), each suite in a fresh database dropped
 * afterwards, on the server MONGODB_URI names, else the FerretDB test/mongoGlobalSetup.ts
 * starts (skipped, saying so, without either):
 *
 * - an accreditation cycle through the pages: staff write a type; a partner applies and
 *   uploads a document (multipart, stored and downloaded again), it is rejected with
 *   guidance and uploaded again; staff approve the stages in order; the last approval
 *   issues the accreditation credential, which verifies and has its page at its verification link; a lapse
 *   revokes it; a renewal starts cycle 2; another organisation sees none of it;
 * - messaging: two people write to the team; each conversation lands in its team's queue
 *   and not another team's, marked unread until staff open it; replies flip "new reply" on
 *   the person's side and "unread" on the staff side; two-word searches (whole words, any
 *   case, staff replies included) find exactly the conversations holding both words, only
 *   within the reader's teams; a held message waits in the review queue, out of search,
 *   until released.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../fixtures/sessions.js';
import { get, post } from '../http/pages/consoleFixtures.js';
import { makePartner, PDF } from '../fixtures/accreditation.js';
import { configureMessaging, makeTeam, OFFICE_TIME } from '../fixtures/messaging.js';
import { verifyVia, type Json } from '../fixtures/http.js';
import { describeOnMongo, dropDatabase, freshDbName } from '../fixtures/mongoTarget.js';

/** A TestApp over a fresh MongoDB database, a count of a collection's documents there, and a close that drops it. */
async function mongoTestApp(
  uri: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<{ t: TestApp; count: (collection: string) => Promise<number>; close: () => Promise<void> }> {
  const dbName = freshDbName(prefix);
  const t = await createTestApp({ env: { MONGODB_URI: uri, MONGODB_DB: dbName, ...env } });
  return {
    t,
    count: async (collection) => {
      const client = new MongoClient(uri);
      try {
        return await client.db(dbName).collection(collection).countDocuments();
      } finally {
        await client.close();
      }
    },
    close: async () => {
      try {
        await t.close();
      } finally {
        await dropDatabase(uri, dbName);
      }
    },
  };
}

describeOnMongo('the accreditation cycle in MongoDB mode', 'MongoDB accreditation cycle test', (uri) => {
  let t: TestApp;
  let count: (collection: string) => Promise<number>;
  let close: () => Promise<void>;
  let staff: SignedIn;
  let partner: SignedIn;
  let outsider: SignedIn;
  let organisationName: string;

  function upload(who: SignedIn, path: string, bytes: Uint8Array, name: string): Promise<Response> {
    const body = new FormData();
    body.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
    body.append('note', 'As requested');
    body.append('_csrf', who.csrf);
    return Promise.resolve(
      t.app.request(path, { method: 'POST', headers: { cookie: who.cookie, accept: 'text/html' }, body }),
    );
  }

  beforeAll(async () => {
    ({ t, count, close } = await mongoTestApp(uri, 'accreditation'));
    t.clock.now = new Date('2026-03-02T09:00:00.000Z');
    expect(t.deps.config.mongodbUri).toBe(uri);
    staff = await signIn(t, 'staff');
    const made = await makePartner(t, 'Khanya Training');
    partner = made.member;
    organisationName = made.organisation.name;
    outsider = (await makePartner(t, 'Other Org')).member;
  });
  afterAll(async () => {
    await close?.();
  });

  it('runs from application to a verifiable credential through the pages, then lapses and renews', async () => {
    const typeRes = await post(t, '/admin/accreditation/types', staff, {
      baseVersion: '0',
      name: 'Training provider',
      description: 'Deliver our courses',
      validityMonths: '24',
      reminderDays: '14, 7',
      renewalReminderDays: '60',
      active: 'on',
      stages:
        'Stage: Documents\ndocument | Tax clearance | 30 | Issued this year\n\nStage: Review\naction | Site visit | 60 | Host our assessor',
    });
    expect(typeRes.status).toBe(303);
    const typeId = typeRes.headers.get('location')!.split('/').pop()!.split('?')[0]!;

    // The partner applies and uploads; staff reject with guidance; the partner uploads again.
    expect(await (await get(t, '/partner', partner)).text()).toContain('Start an application');
    const started = await post(t, '/partner/applications', partner, { typeId });
    expect(started.status).toBe(303);
    const id = started.headers.get('location')!.split('/').pop()!;
    expect((await post(t, '/partner/applications', partner, { typeId })).status).toBe(409);
    const documents = `/partner/applications/${id}/items/tax-clearance/documents`;
    expect((await upload(partner, documents, PDF('first'), 'tax.pdf')).status).toBe(303);
    expect(await (await get(t, `/admin/accreditation/${id}`, staff)).text()).toContain('v1: tax.pdf');
    const first = (await t.deps.stores.accreditation.getApplication(id))!;
    const file = await get(
      t,
      `/admin/accreditation/${id}/files/${first.items[0]!.documents[0]!.sha256}`,
      staff,
    );
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF('first'));
    const review = (fields: Record<string, string>, item = 'tax-clearance') =>
      post(t, `/admin/accreditation/${id}/items/${item}/review`, staff, fields);
    expect((await review({ decision: 'under_review' })).status).toBe(303);
    expect((await review({ decision: 'under_review' })).status).toBe(409);
    expect((await review({ decision: 'rejected', guidance: 'Stamp missing' })).status).toBe(303);
    expect(await (await get(t, `/partner/applications/${id}`, partner)).text()).toContain(
      'guidance: Stamp missing',
    );
    expect(t.mail.lastTo(partner.user.email)?.text).toContain('Stamp missing');
    t.clock.now = new Date('2026-03-05T09:00:00.000Z');
    expect((await upload(partner, documents, PDF('second'), 'tax-stamped.pdf')).status).toBe(303);
    expect((await review({ decision: 'approved' })).status).toBe(303);
    const afterStage1 = (await t.deps.stores.accreditation.getApplication(id))!;
    expect(afterStage1).toMatchObject({ status: 'in_progress', stageIndex: 1 });
    expect(afterStage1.items[0]!.documents.map((d) => [d.version, d.name])).toEqual([
      [1, 'tax.pdf'],
      [2, 'tax-stamped.pdf'],
    ]);
    expect(await t.deps.stores.files.getFile(afterStage1.items[0]!.documents[1]!.sha256)).toEqual(
      PDF('second'),
    );
    expect(afterStage1.stageHistory).toEqual([
      {
        stageId: 'documents',
        startedAt: '2026-03-02T09:00:00.000Z',
        completedAt: '2026-03-05T09:00:00.000Z',
        completedBy: staff.user.id,
      },
      { stageId: 'review', startedAt: '2026-03-05T09:00:00.000Z' },
    ]);
    expect(await (await get(t, '/admin/accreditation', staff)).text()).toContain('50%');

    // The last stage: the partner confirms the visit, staff approve, the credential is issued.
    expect(
      (
        await post(t, `/partner/applications/${id}/items/site-visit/confirm`, partner, {
          note: 'Visit held on 4 March',
        })
      ).status,
    ).toBe(303);
    expect((await review({ decision: 'approved' }, 'site-visit')).status).toBe(303);
    const approved = (await t.deps.stores.accreditation.getApplication(id))!;
    expect(approved).toMatchObject({
      status: 'approved',
      validFrom: '2026-03-05T09:00:00.000Z',
      validUntil: '2028-03-05T09:00:00.000Z',
    });
    expect(approved.credentialId).toBeTruthy();
    expect(await (await get(t, '/admin/accreditation?status=approved', staff)).text()).toContain(
      'Khanya Training',
    );
    const partnerPage = await (await get(t, `/partner/applications/${id}`, partner)).text();
    expect(partnerPage).toContain(`/c/${encodeURIComponent(approved.credentialId!)}`);

    const record = (await t.deps.stores.credentials.get(approved.credentialId!))!;
    const vc = record.credential as Json;
    expect(vc.credentialSubject.name).toBe(organisationName);
    expect(vc.credentialSubject.achievement).toMatchObject({
      achievementType: 'License',
      name: 'Training provider accreditation',
    });
    expect(vc.validUntil).toBe('2028-03-05T09:00:00Z');
    const verified = await verifyVia(t, vc);
    expect(verified.body.verified, JSON.stringify(verified.body)).toBe(true);
    // Issued public (an accreditation is for the world to check): its page answers at /c/:id
    // and at its verification link (found through the token index).
    expect(record.isPublic).toBe(true);
    for (const path of [`/c/${encodeURIComponent(record.id)}`, `/v/${record.verificationToken}`]) {
      const certificatePage = await get(t, path);
      expect(certificatePage.status, path).toBe(200);
      expect(await certificatePage.text()).toContain(organisationName);
    }

    // Another organisation sees none of it.
    expect((await get(t, `/partner/applications/${id}`, outsider)).status).toBe(404);
    expect(
      (await get(t, `/partner/applications/${id}/files/${first.items[0]!.documents[0]!.sha256}`, outsider))
        .status,
    ).toBe(404);
    expect(await (await get(t, '/partner', outsider)).text()).not.toContain('Khanya');

    // A lapse revokes the credential; a renewal starts cycle 2.
    expect(
      (
        await post(t, `/admin/accreditation/${id}/end`, staff, {
          outcome: 'lapsed',
          reason: 'Insurance cancelled',
        })
      ).status,
    ).toBe(303);
    expect((await t.deps.stores.accreditation.getApplication(id))?.status).toBe('lapsed');
    const revoked = await verifyVia(t, vc);
    expect(revoked.body.verified).toBe(false);
    expect(JSON.stringify(revoked.body)).toContain('revoked');
    const renewed = await post(t, '/partner/applications', partner, { typeId });
    expect(renewed.status).toBe(303);
    const renewal = await t.deps.stores.accreditation.getApplication(
      renewed.headers.get('location')!.split('/').pop()!,
    );
    expect(renewal).toMatchObject({
      cycle: 2,
      previousApplicationId: id,
      status: 'in_progress',
      stageIndex: 0,
    });
    // All of it in the MongoDB database.
    expect(await count('accreditationApplications')).toBe(2);
    expect(await count('accreditationTypes')).toBeGreaterThanOrEqual(1);
  });
});

describeOnMongo('messaging in MongoDB mode', 'MongoDB messaging test', (uri) => {
  let t: TestApp;
  let count: (collection: string) => Promise<number>;
  let close: () => Promise<void>;
  let finance: SignedIn;
  let support: SignedIn;
  let alice: SignedIn;
  let bongani: SignedIn;
  /** Conversation ids: Alice's double charge, Bongani's refund, Alice's certificate question. */
  let charge: string;
  let refund: string;
  let certificate: string;

  const inbox = async (who: SignedIn, query = '') => {
    const res = await get(t, `/admin/messages${query}`, who);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** Which of the three conversations a staff inbox page lists. */
  const listed = async (who: SignedIn, query = '') => {
    const html = await inbox(who, query);
    return Object.entries({ charge, refund, certificate })
      .filter(([, id]) => html.includes(`/admin/messages/${id}"`))
      .map(([name]) => name);
  };
  const open = async (who: SignedIn, category: string, subject: string, body: string) => {
    const res = await post(t, '/me/messages', who, { category, subject, body });
    expect(res.status).toBe(303);
    return res.headers.get('location')!.split('/').pop()!.split('?')[0]!;
  };

  beforeAll(async () => {
    ({ t, count, close } = await mongoTestApp(uri, 'messaging'));
    t.clock.now = new Date(OFFICE_TIME);
    const financeTeam = await makeTeam(t, 'Finance');
    const supportTeam = await makeTeam(t, 'Support');
    finance = financeTeam.member;
    support = supportTeam.member;
    await configureMessaging(t, {
      routes: { payment: financeTeam.team.id, certificates: supportTeam.team.id },
    });
    alice = await signIn(t, 'participant');
    bongani = await signIn(t, 'participant');
  });
  afterAll(async () => {
    await close?.();
  });

  it("puts each conversation in its team's queue, unread", async () => {
    charge = await open(
      alice,
      'payment',
      'Invoice INV-77 charged twice',
      'My card was charged twice for the accreditation fee.',
    );
    t.clock.now = new Date(OFFICE_TIME.getTime() + 60_000);
    refund = await open(
      bongani,
      'payment',
      'Workshop booking',
      'Please refund the workshop booking; the card payment went through but I cannot attend.',
    );
    t.clock.now = new Date(OFFICE_TIME.getTime() + 120_000);
    certificate = await open(
      alice,
      'certificates',
      'Name misspelt on my certificate',
      'The surname on my certificate has a typo.',
    );
    expect(new Set([charge, refund, certificate]).size).toBe(3);
    const numbers = await Promise.all(
      [charge, refund, certificate].map(
        async (id) => (await t.deps.stores.conversations.getConversation(id))!.number,
      ),
    );
    expect(numbers).toEqual([1, 2, 3]);
    expect(await count('conversations')).toBe(3);

    // Newest activity first, each in its own team's queue.
    const financeHtml = await inbox(finance);
    expect(financeHtml.indexOf('Workshop booking')).toBeLessThan(
      financeHtml.indexOf('Invoice INV-77 charged twice'),
    );
    expect(await listed(finance)).toEqual(['charge', 'refund']);
    expect(await listed(support)).toEqual(['certificate']);
    expect((financeHtml.match(/class="badge draft">Unread</g) ?? []).length).toBe(2);
    expect(await listed(finance, '?view=unread')).toEqual(['charge', 'refund']);
    expect(await listed(support, '?view=unread')).toEqual(['certificate']);
    expect((await get(t, `/admin/messages/${charge}`, support)).status).toBe(404);

    // Each person sees only their own.
    const aliceHtml = await (await get(t, '/me/messages', alice)).text();
    expect(aliceHtml).toContain('Invoice INV-77 charged twice');
    expect(aliceHtml).toContain('Name misspelt on my certificate');
    expect(aliceHtml).not.toContain('Workshop booking');
    expect(aliceHtml).not.toContain('New reply');
    expect((await get(t, `/me/messages/${refund}`, alice)).status).toBe(404);
  });

  it('marks a conversation read when staff open it, and unread again when the person answers', async () => {
    t.clock.now = new Date(OFFICE_TIME.getTime() + 10 * 60_000);
    const page = await get(t, `/admin/messages/${charge}`, finance);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('My card was charged twice');
    expect(await listed(finance, '?view=unread')).toEqual(['refund']);

    t.clock.now = new Date(OFFICE_TIME.getTime() + 11 * 60_000);
    const reply = await post(t, `/admin/messages/${charge}/replies`, finance, {
      body: 'The payment gateway shows a duplicate capture; we refunded it.',
      status: 'waiting_on_user',
    });
    expect(reply.status).toBe(303);
    expect(await t.deps.stores.conversations.getConversation(charge)).toMatchObject({
      status: 'waiting_on_user',
      lastMessageBy: 'staff',
      assigneeId: finance.user.id,
    });
    expect(await listed(finance, '?status=waiting_on_user')).toEqual(['charge']);
    expect(await listed(finance, '?view=mine')).toEqual(['charge']);
    expect(await listed(finance, '?status=open')).toEqual(['refund']);

    // On Alice's side: a new reply until she reads it.
    const withReply = await (await get(t, '/me/messages', alice)).text();
    expect((withReply.match(/New reply/g) ?? []).length).toBe(1);
    const thread = await (await get(t, `/me/messages/${charge}`, alice)).text();
    expect(thread).toContain('we refunded it.');
    expect(await (await get(t, '/me/messages', alice)).text()).not.toContain('New reply');

    t.clock.now = new Date(OFFICE_TIME.getTime() + 12 * 60_000);
    expect(
      (await post(t, `/me/messages/${charge}/replies`, alice, { body: 'Thank you, the refund arrived.' }))
        .status,
    ).toBe(303);
    expect(await listed(finance, '?view=unread')).toEqual(['charge', 'refund']);
    expect(await t.deps.stores.conversations.getConversation(charge)).toMatchObject({
      status: 'open',
      lastMessageBy: 'user',
    });
  });

  it("finds conversations by two whole words, any case, within the reader's teams", async () => {
    expect(await listed(finance, '?q=accreditation%20card')).toEqual(['charge']);
    expect(await listed(finance, '?q=CARD+Accreditation')).toEqual(['charge']);
    expect(await listed(finance, '?q=card%20workshop')).toEqual(['refund']);
    expect(await listed(finance, '?q=card%20twice')).toEqual(['charge']);
    // Words from different messages of one conversation (the staff reply and Alice's answer).
    expect(await listed(finance, '?q=gateway%20arrived')).toEqual(['charge']);
    // "refund" is in Bongani's message and in Alice's answer.
    expect(await listed(finance, '?q=refund%20card')).toEqual(['charge', 'refund']);
    expect(await inbox(finance, '?q=accreditation%20workshop')).toContain('No conversations match.');
    expect(await inbox(finance, '?q=accred%20card')).toContain('No conversations match.');
    expect(await listed(support, '?q=surname%20typo')).toEqual(['certificate']);
    expect(await listed(support, '?q=accreditation%20card')).toEqual([]);
    expect(await listed(finance, '?q=surname%20typo')).toEqual([]);
    expect(await listed(finance, '?view=unread&q=workshop%20booking')).toEqual(['refund']);
  });

  it('keeps a held message out of search and the thread until staff release it from the review queue', async () => {
    t.clock.now = new Date(OFFICE_TIME.getTime() + 20 * 60_000);
    const held = await post(t, `/me/messages/${refund}/replies`, bongani, {
      body: 'Voucher coupon at http://a.example http://b.example http://c.example www.d.example.com',
    });
    expect(held.headers.get('location')).toContain('?done=held');
    expect(await inbox(finance, '?q=voucher%20coupon')).toContain('No conversations match.');
    expect(await (await get(t, `/admin/messages/${refund}`, finance)).text()).not.toContain(
      'http://a.example',
    );
    const queue = await (await get(t, '/admin/messages/review', finance)).text();
    expect(queue).toContain('http://a.example');
    const [message] = await t.deps.stores.conversationMessages.listHeldMessages(10);
    expect(message).toMatchObject({ conversationId: refund, held: { reason: 'more than 3 links' } });
    expect(
      (await post(t, `/admin/messages/review/held/${message!.id}`, finance, { decision: 'release' })).status,
    ).toBe(303);
    expect(await t.deps.stores.conversationMessages.listHeldMessages(10)).toEqual([]);
    expect(await listed(finance, '?q=voucher%20coupon')).toEqual(['refund']);
    expect(await (await get(t, `/admin/messages/${refund}`, finance)).text()).toContain('http://a.example');
  });
});
