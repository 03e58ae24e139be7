/**
 * The sign-up and reset-password forms show every problem at once: a summary at the top
 * linking to each field, each message next to its field, the password rules stated before
 * anyone types, and refusals that name the real reason ("contains your name"). The rate
 * limit still counts every attempt, and nothing is created or sent while a problem stands.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { createUser } from '../../fixtures/sessions.js';
import { anonymous, getPage, linkFromMail, postForm } from './pageRequests.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ env: { SIGNUP_MODE: 'self' } });
});
afterEach(async () => {
  await t.close();
});

/** The summary's items (text and link) and each field's message, from a page. */
function problems(html: string): { summary: [string, string | undefined][]; fields: Record<string, string> } {
  const block = html.match(/<div class="error-summary"[\s\S]*?<\/ul><\/div>/)?.[0] ?? '';
  const summary = [...block.matchAll(/<li>(?:<a href="#([^"]+)">)?([^<]+)/g)].map(
    (m) => [m[2]!, m[1]] as [string, string | undefined],
  );
  const fields = Object.fromEntries(
    [
      ...html.matchAll(
        /<p class="error-message[^"]*" id="field-([^"]+)-error"><span class="visually-hidden">Error: <\/span>([^<]+)<\/p>/g,
      ),
    ].map((m) => [m[1]!, m[2]!]),
  );
  return { summary, fields };
}

describe('sign-up form', () => {
  it('states the password rules before anyone types, tied to the input', async () => {
    const html = await (await getPage(t, '/signup', anonymous())).text();
    expect(html).toMatch(
      /<div class="hint" id="field-password-hint"><p>Your password must:<\/p><ul class="rules"><li>have at least 10 characters/,
    );
    expect(html).toContain('not contain your name, your email address or the part of it before the @');
    expect(html).toMatch(/<input id="field-password"[^>]*aria-describedby="field-password-hint"/);
    expect(html).not.toContain('error-summary');
  });

  it('an empty form: every problem at once, in form order, each linked and next to its field', async () => {
    const res = await postForm(t, '/signup', {});
    expect(res.status).toBe(400);
    const shown = problems(await res.text());
    expect(shown.summary).toEqual([
      ['Enter your name as it should appear on certificates', 'field-name'],
      ['Enter your email address', 'field-email'],
      ['Choose a password', 'field-password'],
      ['Accept the terms of use and the privacy notice to create an account', 'field-acceptedTerms'],
    ]);
    expect(Object.keys(shown.fields)).toEqual(['name', 'email', 'password', 'acceptedTerms']);
    expect(t.mail.sent).toHaveLength(0);
  });

  it('a bad address and a short password together; the values come back, the password never', async () => {
    const res = await postForm(t, '/signup', {
      name: 'Bongani Dube',
      email: 'bongani at example',
      password: 'short',
      acceptedTerms: 'yes',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(problems(html).fields).toEqual({
      email: 'Enter an email address such as name@example.org',
      password: 'Choose a password of at least 10 characters',
    });
    expect(html).toContain('value="Bongani Dube"');
    expect(html).toContain('value="bongani at example"');
    expect(html).not.toContain('value="short"');
    expect(html).toMatch(
      /<input id="field-email"[^>]*aria-invalid="true"[^>]*aria-describedby="field-email-error"/,
    );
  });

  it('a password made of the first name is refused as "your name", and no account is made', async () => {
    const res = await postForm(t, '/signup', {
      name: 'Amara Okafor',
      email: 'amara@example.org',
      password: 'amara-sunshine-7',
      acceptedTerms: 'yes',
    });
    expect(res.status).toBe(400);
    expect(problems(await res.text()).summary).toEqual([
      ['Choose a password that does not contain your name', 'field-password'],
    ]);
    expect(await t.deps.stores.users.getByEmail('amara@example.org')).toBeUndefined();
    expect(t.mail.sent).toHaveLength(0);
  });

  it('still counts every attempt against the per-address limit (the limit is a form-wide problem)', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 40 && last?.status !== 429; i++) last = await postForm(t, '/signup', {});
    expect(last?.status).toBe(429);
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
    const shown = problems(await last!.text());
    expect(shown.summary).toHaveLength(1);
    expect(shown.summary[0]![0]).toMatch(/^Too many attempts from your network; try again in \d+ minutes?$/);
    expect(shown.summary[0]![1]).toBeUndefined();
  });
});

describe('reset-password form', () => {
  it('shows a short password and a differing repeat together, then the address rule next to the password', async () => {
    const user = await createUser(t, 'participant', { email: 'janedoe@example.org' });
    await postForm(t, '/forgot-password', { email: user.email });
    const token = new URL(linkFromMail(t, user.email, '/reset-password'), 'http://x').searchParams.get(
      'token',
    )!;

    const both = await postForm(t, '/reset-password', { token, password: 'short', confirm: 'other' });
    expect(both.status).toBe(400);
    expect(problems(await both.text()).fields).toEqual({
      password: 'Choose a password of at least 10 characters',
      confirm: 'The two passwords differ; type the same new password twice',
    });

    const personal = await postForm(t, '/reset-password', {
      token,
      password: 'janedoe-garden-9',
      confirm: 'janedoe-garden-9',
    });
    expect(personal.status).toBe(400);
    // (The page escapes the quotes around the address part.)
    expect(problems(await personal.text()).summary).toEqual([
      [
        'Choose a password that does not contain &quot;janedoe&quot;, the part of your email address before the @',
        'field-password',
      ],
    ]);

    // The link still works for an acceptable password.
    const done = await postForm(t, '/reset-password', {
      token,
      password: 'violet harbour lantern 42',
      confirm: 'violet harbour lantern 42',
    });
    expect(done.status).toBe(200);
  });
});
