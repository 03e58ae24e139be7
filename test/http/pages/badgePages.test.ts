/**
 * The badge routes over HTTP: staff upload a course's badge image and list its skills on
 * the course page (a hostile file is refused with the reason and nothing changes); the
 * image is served publicly with its type, a year's immutable cache, a sandboxing CSP and a
 * cross-origin resource policy; a participant gives and withdraws consent to linking their
 * work; /me and the public certificate page show the picture, skills and result. Other
 * people's objects: an unknown course, a batch the participant is not in, an image that
 * does not exist or is asked for under the wrong extension.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeCourse, makeParticipant, passingEvents, recordAll } from '../../fixtures/programs.js';
import { approvedWorkOf, makeBadgeCourse, SAFE_SVG, solidPng } from '../../fixtures/badges.js';
import { expectLabelled, expectRedirect, get, post } from './consoleFixtures.js';

let t: TestApp;
let staff: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  staff = await signIn(t, 'staff');
});
afterAll(async () => {
  await t.close();
});

const coursePath = (id: string) => `/admin/programmes/courses/${encodeURIComponent(id)}`;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Posts the badge form as a browser does (multipart, with the file when given). */
function uploadBadge(
  courseId: string,
  file: { name: string; bytes: Uint8Array; type: string } | undefined,
  caption = '',
) {
  const data = new FormData();
  data.append('_csrf', staff.csrf);
  data.append('caption', caption);
  if (file)
    data.append('image', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }));
  return t.app.request(`${coursePath(courseId)}/badge-image`, {
    method: 'POST',
    headers: { cookie: staff.cookie, accept: 'text/html' },
    body: data,
  });
}

describe('the course badge image', () => {
  it('is uploaded by staff, shown on the course page and served publicly', async () => {
    const course = await makeCourse(t);
    const png = solidPng(32);
    const res = await uploadBadge(
      course.id,
      { name: 'badge.png', bytes: png, type: 'image/png' },
      'Web badge',
    );
    expectRedirect(res, `${coursePath(course.id)}?done=badge#badge`);
    const page = await (await get(t, coursePath(course.id), staff)).text();
    const path = `/badges/images/${sha(png)}.png`;
    expect(page).toContain(`src="${path}"`);
    expect(page).toContain('alt="Web badge"');
    expectLabelled(page);

    const image = await t.app.request(path);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(image.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(image.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png);
    // Pages keep their own policy.
    expect((await get(t, '/')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('serves a safe SVG as SVG under the sandbox', async () => {
    const course = await makeCourse(t);
    const bytes = new TextEncoder().encode(SAFE_SVG);
    expect((await uploadBadge(course.id, { name: 'b.svg', bytes, type: 'image/svg+xml' })).status).toBe(303);
    const image = await t.app.request(`/badges/images/${sha(bytes)}.svg`);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(image.headers.get('content-security-policy')).toContain('sandbox');
    expect((await t.deps.stores.courses.getCourse(course.id))?.badgeImage?.caption).toBe(
      'Badge of Web Development 101',
    );
  });

  it('refuses a hostile file with the reason, and leaves the course as it was', async () => {
    const course = await makeCourse(t);
    const script = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/me/export.json")</script></svg>',
    );
    const res = await uploadBadge(course.id, { name: 'badge.png', bytes: script, type: 'image/png' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('it has a &lt;script&gt; element');
    const renamed = await uploadBadge(course.id, {
      name: 'badge.png',
      bytes: new TextEncoder().encode('GIF89a'),
      type: 'image/png',
    });
    expect(renamed.status).toBe(400);
    expect((await t.deps.stores.courses.getCourse(course.id))?.badgeImage).toBeUndefined();
    expect((await t.app.request(`/badges/images/${sha(script)}.svg`)).status).toBe(404);
  });

  it('answers 404 for an image that does not exist, under another extension, or a course that does not exist', async () => {
    const course = await makeBadgeCourse(t);
    const stored = course.badgeImage!;
    expect((await t.app.request(`/badges/images/${stored.sha256}.svg`)).status).toBe(404);
    expect((await t.app.request(`/badges/images/${'0'.repeat(64)}.png`)).status).toBe(404);
    expect((await t.app.request('/badges/images/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
    const missing = await uploadBadge('no-such-course', {
      name: 'b.png',
      bytes: solidPng(),
      type: 'image/png',
    });
    expect(missing.status).toBe(404);
  });
});

describe('the course skills', () => {
  it('are saved from one line per skill and listed on the course page', async () => {
    const course = await makeCourse(t);
    const res = await post(t, `${coursePath(course.id)}/skills`, staff, {
      framework: 'ESCO',
      targetType: 'ceasn:Competency',
      skills:
        'Use markup languages | https://esco.example/skill/1 | S1.2\nDesign accessible pages | https://esco.example/skill/2',
    });
    expectRedirect(res, `${coursePath(course.id)}?done=skills#skills`);
    expect((await t.deps.stores.courses.getCourse(course.id))?.skills).toEqual({
      framework: 'ESCO',
      targetType: 'ceasn:Competency',
      skills: [
        { name: 'Use markup languages', url: 'https://esco.example/skill/1', code: 'S1.2' },
        { name: 'Design accessible pages', url: 'https://esco.example/skill/2' },
      ],
    });
    const page = await (await get(t, coursePath(course.id), staff)).text();
    expect(page).toContain('Use markup languages');
  });

  it('says which line is wrong and keeps what was typed', async () => {
    const course = await makeCourse(t);
    const res = await post(t, `${coursePath(course.id)}/skills`, staff, {
      framework: 'ESCO',
      targetType: '',
      skills: 'Fine | https://esco.example/1\nBroken | javascript:alert(1)',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Skill line 2: the URL must start with https:// or http://');
    expect(html).toContain('Broken | javascript:alert(1)');
    expect((await t.deps.stores.courses.getCourse(course.id))?.skills).toBeUndefined();
  });
});

describe('what the holder and the public see', () => {
  it('shows the badge picture, skills and result on /me and on the public certificate page', async () => {
    const { batch } = await makeBatch(t, { course: await makeBadgeCourse(t) });
    const user = await makeParticipant(t);
    await recordAll(t, passingEvents(batch.id, user.id));
    const enrolment = await t.deps.stores.enrolments.getEnrolment(batch.id, user.id);
    const holder = await signIn(t, 'participant', user);
    const me = await (await get(t, '/me', holder)).text();
    expect(me).toMatch(/<img src="\/badges\/images\/[0-9a-f]{64}\.png" alt="Web Development 101 badge"/);
    expect(me).toContain('Semantic HTML');
    expect(me).toContain('85 out of 100');
    await t.deps.stores.credentials.setPublic(enrolment!.credentialId!, true, new Date().toISOString());
    const page = await (await get(t, `/c/${encodeURIComponent(enrolment!.credentialId!)}`)).text();
    expect(page).toContain('Accessible CSS layout');
    expect(page).toContain('<dt>Final assessment</dt><dd>85 out of 100</dd>');
  });

  it('lets a participant link their work, and refuses a batch they are not in', async () => {
    const { batch } = await makeBatch(t, {
      course: await makeBadgeCourse(t),
      criteria: { contentApproval: true },
    });
    const user = await makeParticipant(t);
    const work = await approvedWorkOf(t, batch.id, user);
    const holder = await signIn(t, 'participant', user);
    const page = await (await get(t, '/me/programmes', holder)).text();
    expect(page).toContain('Link my approved work');
    const res = await post(t, `/me/programmes/${encodeURIComponent(batch.id)}/evidence`, holder, {
      evidence: 'on',
    });
    expectRedirect(res, '/me/programmes?done=evidence-reissued');
    expect((await t.app.request(`/badges/evidence/${work.id}`)).status).toBe(200);
    expect(await (await get(t, '/me', holder)).text()).toContain('Approved work');

    const stranger = await signIn(t, 'participant');
    const refused = await post(t, `/me/programmes/${encodeURIComponent(batch.id)}/evidence`, stranger, {
      evidence: 'on',
    });
    expect(refused.status).toBe(404);
  });
});
