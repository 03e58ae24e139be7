/**
 * One batch in the programme console, end to end through the store: every POST guarded
 * (and refused ones write nothing), a manual issue that verifies, the certificate linked
 * only when its public page exists, a re-issue that supersedes and revokes the first, a
 * revoke, enrolling, and the CSV import uploaded as a file (the dry run writes nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../../fixtures/programs.js';
import { verifyVia } from '../../fixtures/http.js';
import { ROLES, type BatchRecord, type Role, type UserRecord } from '../../../src/storage/ports.js';
import { auditAbout, expectRedirect, get, post } from './consoleFixtures.js';
import { expectGetGuarded, expectPostGuarded, postMultipart } from './consoleProgramFixtures.js';

const MAX_UPLOAD = 16384;
let t: TestApp;
const as = {} as Record<Role, SignedIn>;
let batch: BatchRecord;
let amara: UserRecord;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_BODY_BYTES: '4096', MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
  for (const role of ROLES) as[role] = await signIn(t, role);
  ({ batch } = await makeBatch(t));
  amara = await makeParticipant(t, { name: 'Amara <b>Okafor</b>' });
  await recordAll(t, passingEvents(batch.id, amara.id).slice(0, 1));
});
afterAll(async () => {
  await t.close();
});

const batchPage = () => `/admin/programmes/batches/${batch.id}`;
const action = (userId: string, name: string) => `${batchPage()}/participants/${userId}/${name}`;
const enrolmentOf = (userId: string) => t.deps.stores.enrolments.getEnrolment(batch.id, userId);

describe('guards', () => {
  it('guards the batch page and its CSV', async () => {
    await expectGetGuarded(t, as, batchPage());
    await expectGetGuarded(t, as, `${batchPage()}/tracker.csv`);
  });

  it.each(['issue', 'revoke', 'reissue'])('guards %s and writes nothing when refused', async (name) => {
    await expectPostGuarded(t, as, action(amara.id, name), { reason: 'because' }, MAX_UPLOAD, async () => {
      expect((await enrolmentOf(amara.id))?.status).toBe('in_progress');
    });
  });

  it('guards enrol and import', async () => {
    await expectPostGuarded(
      t,
      as,
      `${batchPage()}/enrol`,
      { email: 'guarded@example.org', name: 'G' },
      MAX_UPLOAD,
      async () => {
        expect(await t.deps.stores.users.getByEmail('guarded@example.org')).toBeUndefined();
      },
    );
    await expectPostGuarded(
      t,
      as,
      `${batchPage()}/import`,
      { csv: 'email,name\nguarded@example.org,G\n', mode: 'import' },
      MAX_UPLOAD,
      async () => {
        expect(await t.deps.stores.users.getByEmail('guarded@example.org')).toBeUndefined();
      },
    );
  });

  it('is the 404 page for an unknown batch or person, and a notice for an action that does not apply', async () => {
    expect(
      (await post(t, '/admin/programmes/batches/nope/enrol', as.staff, { email: 'x@example.org' })).status,
    ).toBe(404);
    expect(
      (await post(t, '/admin/programmes/batches/nope/import', as.staff, { csv: 'email\nx@example.org\n' }))
        .status,
    ).toBe(404);
    expect((await post(t, action('nobody', 'issue'), as.staff, { reason: 'r' })).status).toBe(404);
    expect(await enrolmentOf('nobody')).toBeUndefined();
    const revoke = await post(t, action(amara.id, 'revoke'), as.staff, { reason: 'r' });
    expect(revoke.status).toBe(409);
    expect(await revoke.text()).toContain('has no current certificate');
  });
});

describe('a certificate through its life', () => {
  it('issues by hand with a reason; the credential verifies and the tracker shows its number', async () => {
    expect((await post(t, action(amara.id, 'issue'), as.staff, { reason: '   ' })).status).toBe(400);
    expectRedirect(
      await post(t, action(amara.id, 'issue'), as.staff, { reason: 'Assessed in person' }),
      `${batchPage()}?done=issue`,
    );
    const enrolment = (await enrolmentOf(amara.id))!;
    expect(enrolment.status).toBe('issued');
    const record = (await t.deps.stores.credentials.get(enrolment.credentialId!))!;
    expect(record).toMatchObject({ state: 'issued', revoked: false, holderUserId: amara.id });
    expect((await verifyVia(t, record.credential)).body.verified).toBe(true);
    expect((await auditAbout(t, record.id))[0]).toMatchObject({
      action: 'certificate.issued_manually',
      details: { reason: 'Assessed in person' },
    });

    let page = await (await get(t, `${batchPage()}?done=issue`, as.staff)).text();
    expect(page).toContain('The certificate was issued.');
    expect(page).toContain('Amara &lt;b&gt;Okafor&lt;/b&gt;');
    // Not public: the number leads to the lookup on /verify (number filled in, the surname asked for).
    expect(page).toContain(
      `<a href="/verify?id=${record.certificateNumber}">${record.certificateNumber}</a> (not public: look it up with the surname)`,
    );
    expect(page).not.toContain(`/c/${record.id}`);
    await t.deps.stores.credentials.setPublic(record.id, true, new Date().toISOString());
    page = await (await get(t, batchPage(), as.staff)).text();
    expect(page).toContain(`<a href="/c/${encodeURIComponent(record.id)}">${record.certificateNumber}</a>`);
  });

  it('re-issues with a corrected name: the new record supersedes the first, which is revoked as superseded', async () => {
    const first = (await enrolmentOf(amara.id))!.credentialId!;
    expectRedirect(
      await post(t, action(amara.id, 'reissue'), as.staff, {
        reason: 'Name spelt wrong',
        name: 'Amara Okafor',
      }),
      `${batchPage()}?done=reissue`,
    );
    const second = (await enrolmentOf(amara.id))!.credentialId!;
    expect(second).not.toBe(first);
    const [old, current] = [
      await t.deps.stores.credentials.get(first),
      await t.deps.stores.credentials.get(second),
    ];
    expect(old).toMatchObject({ revoked: true, statusReason: 'superseded' });
    expect(current).toMatchObject({ supersedes: first, revoked: false });
    expect((current!.credential as Record<string, any>).credentialSubject.name).toBe('Amara Okafor');
    expect((await verifyVia(t, current!.credential)).body.verified).toBe(true);
    expect((await verifyVia(t, old!.credential)).body.verified).toBe(false);
    expect((await t.deps.stores.users.get(amara.id))?.name).toBe('Amara Okafor');
  });

  it('revokes with a reason; the tracker and its CSV say so', async () => {
    const id = (await enrolmentOf(amara.id))!.credentialId!;
    expectRedirect(
      await post(t, action(amara.id, 'revoke'), as.admin, { reason: 'Academic misconduct' }),
      `${batchPage()}?done=revoke`,
    );
    expect(await t.deps.stores.credentials.get(id)).toMatchObject({
      revoked: true,
      statusReason: 'Academic misconduct',
    });
    expect((await enrolmentOf(amara.id))?.status).toBe('revoked');
    const page = await (await get(t, batchPage(), as.staff)).text();
    expect(page).toContain('revoked: Academic misconduct');
    const csv = await get(t, `${batchPage()}/tracker.csv`, as.staff);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="tracker-${batch.id}.csv"`);
    expect(await csv.text()).toContain('Academic misconduct');
  });
});

describe('enrol and import', () => {
  it('enrols a new person by email, creating their account', async () => {
    expectRedirect(
      await post(t, `${batchPage()}/enrol`, as.staff, { email: 'Nia.New@Example.org', name: 'Nia New' }),
      `${batchPage()}?done=enrolled`,
    );
    const nia = (await t.deps.stores.users.getByEmail('nia.new@example.org'))!;
    expect(nia).toMatchObject({ name: 'Nia New', role: 'participant' });
    expect((await enrolmentOf(nia.id))?.status).toBe('in_progress');
    expect((await post(t, `${batchPage()}/enrol`, as.staff, { email: 'not an email' })).status).toBe(400);
  });

  it('dry-runs an uploaded file without writing, then imports it', async () => {
    const ready = await makeParticipant(t);
    const file = {
      name: 'cohort.csv',
      text: `email,name,modules,score:final\n${ready.email},,all,90\nfresh@example.org,Fresh Person,m1,\n`,
    };
    const credentialsBefore = await t.deps.stores.credentials.listByHolder(ready.id);
    const dry = await postMultipart(t, `${batchPage()}/import`, as.staff, { mode: 'dry-run' }, file);
    expect(dry.status).toBe(200);
    const html = await dry.text();
    expect(html).toMatch(/Dry run \(nothing written\): would issue 1, not met 1/);
    expect(await enrolmentOf(ready.id)).toBeUndefined();
    expect(await t.deps.stores.users.getByEmail('fresh@example.org')).toBeUndefined();
    expect(await t.deps.stores.enrolments.listEvents(batch.id, ready.id)).toEqual([]);
    expect(await t.deps.stores.credentials.listByHolder(ready.id)).toEqual(credentialsBefore);

    const real = await postMultipart(t, `${batchPage()}/import`, as.staff, { mode: 'import' }, file);
    expect(await real.text()).toMatch(/Imported: issued 1, not met 1/);
    expect((await enrolmentOf(ready.id))?.status).toBe('issued');
    const fresh = (await t.deps.stores.users.getByEmail('fresh@example.org'))!;
    expect((await enrolmentOf(fresh.id))?.missing).toEqual(expect.arrayContaining(['module:m2']));
  });

  it('accepts a file above the form limit (the import has the upload limit) and refuses one above that', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `bulk${i}@example.org,Bulk Person ${i},m1,`).join(
      '\n',
    );
    const file = { name: 'bulk.csv', text: `email,name,modules,score:final\n${rows}\n` };
    expect(file.text.length).toBeGreaterThan(4096);
    const res = await postMultipart(t, `${batchPage()}/import`, as.staff, { mode: 'dry-run' }, file);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('not met 150');
    const huge = await postMultipart(
      t,
      `${batchPage()}/import`,
      as.staff,
      { mode: 'import' },
      { name: 'huge.csv', text: `email\n${'x'.repeat(MAX_UPLOAD)}\n` },
    );
    expect(huge.status).toBe(413);
    expect(await t.deps.stores.users.getByEmail('bulk0@example.org')).toBeUndefined();
  });

  it('refuses an unreadable file with a notice and keeps the pasted text', async () => {
    const res = await postMultipart(t, `${batchPage()}/import`, as.staff, {
      mode: 'dry-run',
      csv: 'name\n<script>x</script>\n',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('The CSV cannot be imported');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
