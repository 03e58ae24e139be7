/**
 * The survey pages: staff build and publish a version from the console's builder (a
 * refused form comes back with what was typed), answer the staff form and read the
 * improvement report; a participant answers the published survey about their own
 * certificate once (the link replaces the built-in rating form on /me/programmes), and
 * someone else's certificate is "not found". The common security cases of these routes
 * run from test/fixtures/routeTables.ts (routeCoverage.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeBatch, makeParticipant, passingEvents, recordAll } from '../../fixtures/programs.js';
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

async function issuedParticipant(): Promise<{ browser: SignedIn; credentialId: string }> {
  const { batch } = await makeBatch(t);
  const user = await makeParticipant(t);
  await recordAll(t, passingEvents(batch.id, user.id));
  const enrolment = (await t.deps.stores.enrolments.getEnrolment(batch.id, user.id))!;
  return { browser: await signIn(t, 'participant', user), credentialId: enrolment.credentialId! };
}

describe('the survey pages', () => {
  it('staff publish a version from the builder; a refused one comes back as typed', async () => {
    const list = await get(t, '/admin/surveys', staff);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('Built-in: &quot;Course feedback&quot;');
    const builder = await (await get(t, '/admin/surveys/participant-after-issuance/new', staff)).text();
    expectLabelled(builder);
    // The builder starts from the built-in version's questions.
    expect(builder).toContain('value="How was the course?"');
    const refused = await post(t, '/admin/surveys/participant-after-issuance/versions', staff, {
      title: 'After your certificate',
      q1_prompt: 'Which part helped most?',
      q1_type: 'choice',
      q1_choices: 'Only one',
    });
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(again).toContain('Question 1: A single-choice question needs at least two options');
    expect(again).toContain('value="Which part helped most?"');
    const published = await post(t, '/admin/surveys/participant-after-issuance/versions', staff, {
      title: 'After your certificate',
      q1_prompt: 'How was the course?',
      q1_type: 'rating',
      q1_required: 'on',
      q2_prompt: 'Which part helped most?',
      q2_type: 'choice',
      q2_choices: 'Videos\nExercises\n',
      q3_prompt: '',
      q4_prompt: 'What should we improve?',
      q4_type: 'text',
    });
    expectRedirect(published, '/admin/surveys?done=published');
    const version = (await t.deps.stores.surveys.currentVersion('participant-after-issuance'))!;
    expect(version.questions).toEqual([
      { id: 'q1', type: 'rating', prompt: 'How was the course?', required: true },
      {
        id: 'q2',
        type: 'choice',
        prompt: 'Which part helped most?',
        required: false,
        choices: ['Videos', 'Exercises'],
      },
      { id: 'q3', type: 'text', prompt: 'What should we improve?', required: false },
    ]);
    expect(await (await get(t, '/admin/surveys?done=published', staff)).text()).toContain(
      'Current: version 1, &quot;After your certificate&quot;, 3 questions.',
    );
    expect((await get(t, '/admin/surveys/nonsense/new', staff)).status).toBe(404);
  });

  it('a participant answers their own certificate’s survey once; someone else’s is not found', async () => {
    const { browser, credentialId } = await issuedParticipant();
    const other = await issuedParticipant();
    const path = `/me/surveys/${encodeURIComponent(credentialId)}`;
    const programmes = await (await get(t, '/me/programmes', browser)).text();
    expect(programmes).toContain(`href="${path}"`);
    const page = await get(t, path, browser);
    expect(page.status).toBe(200);
    const html = await page.text();
    expectLabelled(html);
    expect(html).toContain('Which part helped most?');
    expect((await get(t, path, other.browser)).status).toBe(404);
    expect((await post(t, path, other.browser, { q1: '5' })).status).toBe(404);
    const missing = await post(t, path, browser, { q3: 'Shorter videos' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Shorter videos');
    expectRedirect(
      await post(t, path, browser, { q1: '4', q2: 'Exercises', q3: 'Shorter videos' }),
      '/me/programmes?done=feedback',
    );
    expect((await post(t, path, browser, { q1: '1' })).status).toBe(409);
    expect(await (await get(t, path, browser)).text()).toContain(
      'You have answered the survey for this certificate',
    );
    expect(await (await get(t, '/me/programmes', browser)).text()).not.toContain(`href="${path}"`);
  });

  it('staff answer the staff form and read the improvement report', async () => {
    expect(await (await get(t, '/admin/surveys/staff-form', staff)).text()).toContain(
      'No staff form is published yet',
    );
    expectRedirect(
      await post(t, '/admin/surveys/staff-certificate-process/versions', staff, {
        title: 'Certificate process',
        q1_prompt: 'How smooth was issuing?',
        q1_type: 'rating',
        q1_required: 'on',
        q2_prompt: 'What slowed you down?',
        q2_type: 'text',
      }),
      '/admin/surveys?done=published',
    );
    const form = await (await get(t, '/admin/surveys/staff-form', staff)).text();
    expectLabelled(form);
    expect((await post(t, '/admin/surveys/staff-form', staff, { q2: 'x' })).status).toBe(400);
    expectRedirect(
      await post(t, '/admin/surveys/staff-form', staff, {
        q1: '2',
        q2: 'name corrections, name corrections',
      }),
      '/admin/surveys/staff-form?done=sent',
    );
    const report = await get(t, '/admin/surveys/report', staff);
    expect(report.status).toBe(200);
    const html = await report.text();
    expectLabelled(html);
    expect(html).toContain('How smooth was issuing?');
    expect(html).toContain('<th scope="row">name corrections</th><td>2</td>');
    const participant = await signIn(t, 'participant');
    expect((await get(t, '/admin/surveys/report', participant)).status).toBe(403);
  });
});
