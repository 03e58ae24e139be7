/**
 * The participant's courses and the reviewer's queue, through the pages: consent issues
 * the waiting certificate; work submitted reaches only the assigned reviewer; approval
 * issues the certificate; rejecting needs feedback; a second decision is refused; files
 * are stored, downloadable only by a reviewer of the course, and an executable refused;
 * submitted HTML stays text; feedback is taken once. Plus the security cases of every
 * route (no session, wrong role, someone else's object, CSRF, 415, 413, malformed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeCourse, makeParticipant, passingEvents, recordAll } from '../../fixtures/programs.js';
import { verifyVia } from '../../fixtures/http.js';
import type { BatchRecord, UserRecord } from '../../../src/storage/ports.js';
import { get, noSession, post } from './consoleFixtures.js';

const MAX_BODY = 4096;
const MAX_UPLOAD = 64 * 1024;
let t: TestApp;
let reviewer: SignedIn;
let otherReviewer: SignedIn;
let batch: BatchRecord;
let batchCourseTitle: string;

beforeAll(async () => {
  t = await createTestApp({
    env: { MAX_BODY_BYTES: String(MAX_BODY), MAX_UPLOAD_BYTES: String(MAX_UPLOAD) },
  });
  reviewer = await signIn(t, 'reviewer');
  otherReviewer = await signIn(t, 'reviewer');
  const course = await makeCourse(t, { reviewerIds: [reviewer.user.id] });
  ({ batch } = await makeBatch(t, { course, criteria: { contentApproval: true } }));
  batchCourseTitle = course.title;
});
afterAll(async () => {
  await t.close();
});

/** A participant who completed everything but the review, signed in. */
async function readyForReview(
  options: { consent?: boolean } = {},
): Promise<{ user: UserRecord; browser: SignedIn }> {
  const user = await makeParticipant(t, options);
  await recordAll(t, passingEvents(batch.id, user.id));
  return { user, browser: await signIn(t, 'participant', user) };
}

/** POSTs a multipart form with the CSRF token, as the browser's file form does. */
function postMultipart(
  path: string,
  who: SignedIn,
  fields: Record<string, string | Blob>,
  csrf: string | null = who.csrf,
): Promise<Response> {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  if (csrf) body.append('_csrf', csrf);
  return Promise.resolve(
    t.app.request(path, { method: 'POST', headers: { cookie: who.cookie, accept: 'text/html' }, body }),
  );
}

const submitText = (who: SignedIn, text: string) =>
  postMultipart(`/me/programmes/${batch.id}/submissions`, who, { kind: 'text', text });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('the participant and the reviewer', () => {
  it('work submitted reaches only the assigned reviewer; approval issues the certificate', async () => {
    const { user, browser } = await readyForReview();
    const page = await (await get(t, '/me/programmes', browser)).text();
    expect(page).toContain('Still to do: a reviewer approving your work (submit it below).');
    const res = await submitText(browser, '<script>alert(1)</script> My capstone essay');
    expect(res.headers.get('location')).toBe('/me/programmes?done=submitted');
    expect((await submitText(browser, 'again')).status).toBe(409);
    // The participant is told their work arrived (once: the refused second try sends nothing).
    const received = await t.deps.stores.outbox.search({
      userId: user.id,
      trigger: 'submission_received',
      limit: 5,
    });
    expect(received.map((m) => m.channel).sort()).toEqual(['email', 'in_app']);
    expect(t.mail.lastTo(user.email)?.subject).toBe(`We received your work: ${batchCourseTitle}`);

    const queue = await (await get(t, '/reviewer', reviewer)).text();
    expect(queue).toContain(user.name);
    expect(queue).toContain('&lt;script&gt;alert(1)&lt;/script&gt; My capstone essay');
    expect(queue).not.toContain('<script>alert(1)');
    expect(await (await get(t, '/reviewer', otherReviewer)).text()).not.toContain(user.name);
    // Staff review any course's work: the queue shows it though they are not the course's reviewer.
    expect(await (await get(t, '/reviewer', await signIn(t, 'staff'))).text()).toContain(user.name);

    const [submission] = await t.deps.stores.submissions.listSubmissions({ userId: user.id });
    const decide = (who: SignedIn, fields: Record<string, string>) =>
      post(t, `/reviewer/submissions/${submission!.id}/decision`, who, fields);
    expect((await decide(otherReviewer, { decision: 'approved' })).status).toBe(404);
    const rejectWithout = await decide(reviewer, { decision: 'rejected' });
    expect(rejectWithout.status).toBe(400);
    expect(await rejectWithout.text()).toMatch(/feedback is required/);
    expect((await decide(reviewer, { decision: 'approved' })).headers.get('location')).toBe(
      '/reviewer?done=1',
    );
    expect((await decide(reviewer, { decision: 'rejected', feedback: 'late' })).status).toBe(409);

    const enrolment = await t.deps.stores.enrolments.getEnrolment(batch.id, user.id);
    expect(enrolment).toMatchObject({ status: 'issued', approvedAt: expect.any(String) });
    const record = await t.deps.stores.credentials.get(enrolment!.credentialId!);
    expect((await verifyVia(t, record!.credential)).body.verified).toBe(true);
    // The certificate email waits in the outbox for the delivery worker (here the test delivers).
    await t.deliver();
    expect(t.mail.sent.filter((m) => m.to === user.email).map((m) => m.subject)).toEqual([
      'We received your work: Web Development 101',
      'Your work was approved: Web Development 101',
      'Your certificate: Web Development 101',
    ]);
  });

  it('asks for consent when only that is missing, and issues when given', async () => {
    const { user, browser } = await readyForReview({ consent: false });
    const [submission] = await Promise.all([submitText(browser, 'Essay'), Promise.resolve()]);
    expect(submission.status).toBe(303);
    const [pending] = await t.deps.stores.submissions.listSubmissions({ userId: user.id });
    await post(t, `/reviewer/submissions/${pending!.id}/decision`, reviewer, { decision: 'approved' });
    const page = await (await get(t, '/me/programmes', browser)).text();
    expect(page).toContain(`May we print your name &quot;${user.name}&quot; on it?`);
    expect((await post(t, '/me/programmes/consent', browser, {})).headers.get('location')).toBe(
      '/me/programmes?done=consent',
    );
    expect(await t.deps.stores.enrolments.getEnrolment(batch.id, user.id)).toMatchObject({
      status: 'issued',
    });
  });

  it('takes a file, serves it only to a reviewer of the course, and refuses an executable', async () => {
    const { user, browser } = await readyForReview();
    const exe = await postMultipart(`/me/programmes/${batch.id}/submissions`, browser, {
      kind: 'file',
      file: new File([new Uint8Array([0x4d, 0x5a, 0x90, 0])], 'setup.exe'),
    });
    expect(exe.status).toBe(400);
    expect(await exe.text()).toMatch(/Upload a PDF, PNG, JPEG/);
    const ok = await postMultipart(`/me/programmes/${batch.id}/submissions`, browser, {
      kind: 'file',
      file: new File([PNG], 'poster <1>.png'),
    });
    expect(ok.status).toBe(303);
    const [submission] = await t.deps.stores.submissions.listSubmissions({ userId: user.id });
    expect(submission!.file).toMatchObject({
      name: 'poster _1_.png',
      mediaType: 'image/png',
      size: PNG.byteLength,
    });
    const path = `/reviewer/submissions/${submission!.id}/file`;
    const file = await get(t, path, reviewer);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="poster__1_.png"');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    expect((await get(t, path, otherReviewer)).status).toBe(404);
    expect((await get(t, path, browser)).status).toBe(403);
  });

  it('takes feedback once, for the holder only', async () => {
    const { user, browser } = await readyForReview();
    const [s] = await Promise.all([submitText(browser, 'x')]);
    expect(s.status).toBe(303);
    const [pending] = await t.deps.stores.submissions.listSubmissions({ userId: user.id });
    await post(t, `/reviewer/submissions/${pending!.id}/decision`, reviewer, { decision: 'approved' });
    const { credentialId } = (await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
    const stranger = await signIn(t, 'participant');
    expect((await post(t, `/me/programmes/feedback/${credentialId}`, stranger, { rating: '5' })).status).toBe(
      404,
    );
    expect((await post(t, `/me/programmes/feedback/${credentialId}`, browser, { rating: '9' })).status).toBe(
      400,
    );
    expect(
      (
        await post(t, `/me/programmes/feedback/${credentialId}`, browser, { rating: '4', comment: 'Useful' })
      ).headers.get('location'),
    ).toBe('/me/programmes?done=feedback');
    expect((await post(t, `/me/programmes/feedback/${credentialId}`, browser, { rating: '5' })).status).toBe(
      409,
    );
    expect(await t.deps.stores.feedback.getFeedback(credentialId!)).toMatchObject({
      rating: 4,
      comment: 'Useful',
    });
  });
});

describe('security of the programme pages', () => {
  it('without a session: GET goes to the login page, POST is 401', async () => {
    expect((await get(t, '/me/programmes', noSession())).status).toBe(303);
    expect((await get(t, '/reviewer', noSession())).status).toBe(303);
    for (const path of [
      '/me/programmes/consent',
      `/me/programmes/${batch.id}/submissions`,
      '/me/programmes/feedback/x',
      '/reviewer/submissions/x/decision',
    ]) {
      expect((await post(t, path, noSession(), {})).status, path).toBe(401);
    }
  });

  it('the reviewer pages are 403 for participants and partners (staff and admins review too)', async () => {
    for (const role of ['participant', 'partner'] as const) {
      const who = await signIn(t, role);
      expect((await get(t, '/reviewer', who)).status).toBe(403);
      expect((await post(t, '/reviewer/submissions/x/decision', who, { decision: 'approved' })).status).toBe(
        403,
      );
    }
  });

  it("someone else's batch, submission or credential is 404", async () => {
    const { browser } = await readyForReview();
    const other = await makeBatch(t);
    expect(
      (
        await submitText(browser, 'x').then(() =>
          postMultipart(`/me/programmes/${other.batch.id}/submissions`, browser, { kind: 'text', text: 'x' }),
        )
      ).status,
    ).toBe(404);
    expect(
      (await post(t, '/reviewer/submissions/nope/decision', reviewer, { decision: 'approved' })).status,
    ).toBe(404);
    expect((await get(t, '/reviewer/submissions/nope/file', reviewer)).status).toBe(404);
  });

  it('refuses a missing CSRF token, a JSON body, an oversized body and a malformed field', async () => {
    const { browser } = await readyForReview();
    expect((await post(t, '/me/programmes/consent', browser, {}, { csrf: null })).status).toBe(403);
    expect(
      (
        await postMultipart(
          `/me/programmes/${batch.id}/submissions`,
          browser,
          { kind: 'text', text: 'x' },
          null,
        )
      ).status,
    ).toBe(403);
    const json = await t.app.request('/me/programmes/consent', {
      method: 'POST',
      headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect(
      (await post(t, '/me/programmes/consent', browser, { pad: 'x'.repeat(MAX_BODY + 10) })).status,
    ).toBe(413);
    expect(
      (
        await postMultipart(`/me/programmes/${batch.id}/submissions`, browser, {
          kind: 'file',
          file: new File([new Uint8Array(MAX_UPLOAD + 10)], 'big.pdf'),
        })
      ).status,
    ).toBe(413);
    expect(
      (await postMultipart(`/me/programmes/${batch.id}/submissions`, browser, { kind: 'poem', text: 'x' }))
        .status,
    ).toBe(400);
    expect(
      (
        await postMultipart(`/me/programmes/${batch.id}/submissions`, browser, {
          kind: 'link',
          url: 'javascript:alert(1)',
        })
      ).status,
    ).toBe(400);
    expect(
      (await post(t, '/reviewer/submissions/x/decision', reviewer, { decision: 'approved' }, { csrf: null }))
        .status,
    ).toBe(403);
  });
});
