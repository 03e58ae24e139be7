/**
 * The message template editor (/admin/communications/templates): the list of messages with
 * the languages written; the editor with the built-in text and a sample-data preview that
 * renders Markdown and never raw HTML; a draft with an unknown placeholder kept with the
 * reason; saving versions (and the 409 when someone saved meanwhile, keeping the typed
 * text); editing from an old version; the saved text used by the next message; and the
 * security cases: no session, the wrong role, no CSRF token, oversized and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/testDeps.js';
import { signIn, type SignedIn } from '../../fixtures/sessions.js';
import { makeParticipant } from '../../fixtures/programs.js';
import { auditAbout, expectLabelled, get, noSession, post } from './consoleFixtures.js';
import { notify } from '../../../src/notifications/notify.js';

let t: TestApp;
let staff: SignedIn;

const PATH = '/admin/communications/templates';

beforeAll(async () => {
  t = await createTestApp();
  staff = await signIn(t, 'staff');
});
afterAll(async () => {
  await t.close();
});

const draft = (fields: Record<string, string> = {}) => ({
  language: 'en',
  baseVersion: '0',
  subject: 'Receipt {{reference}}',
  body: 'Hello {{name}}, we received **{{amount}}**.',
  action: 'preview',
  ...fields,
});

describe('the message template editor', () => {
  it('lists every message with what it is written in', async () => {
    const res = await get(t, PATH, staff);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Payment receipt');
    expect(html).toContain('Certificate issued');
    expect(html).toContain('reminder (people can turn off)');
    expect(html).toContain('built-in English text');
    expect(await (await get(t, '/admin/communications', staff)).text()).toContain(`href="${PATH}"`);
  });

  it('opens the built-in text with a preview filled with sample data', async () => {
    const res = await get(t, `${PATH}/payment_receipt?language=en`, staff);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Preview with sample data');
    expect(html).toContain('INV-2026-0042');
    expect(html).toContain('{{amount}}');
    expect(html).toContain('Save as version 1');
    expectLabelled(html);
  });

  it('previews a draft without saving it: Markdown rendered, HTML shown as text', async () => {
    const res = await post(
      t,
      `${PATH}/payment_receipt`,
      staff,
      draft({
        body: 'Hello {{name}}, we received **{{amount}}**. <script>alert(1)</script> <img src=x onerror=alert(2)>',
      }),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong>R 1,500.00</strong>');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toMatch(/<img src="?x/);
    expect(html).toContain('&lt;script&gt;');
    expect(await t.deps.stores.messageTemplates.listMessageTemplateVersions('payment_receipt', 'en')).toEqual(
      [],
    );
  });

  it('keeps a draft with an unknown placeholder and says which one', async () => {
    const res = await post(
      t,
      `${PATH}/payment_receipt`,
      staff,
      draft({ body: 'Hello {{nmae}}', action: 'save' }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Unknown placeholder {{nmae}}');
    expect(html).toContain('Hello {{nmae}}</textarea>');
    expect(await t.deps.stores.messageTemplates.listMessageTemplateVersions('payment_receipt', 'en')).toEqual(
      [],
    );
  });

  it('saves versions; the next message uses the newest; a stale editor gets a 409 and keeps its text', async () => {
    const first = await post(t, `${PATH}/payment_receipt`, staff, draft({ action: 'save' }));
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${PATH}/payment_receipt?language=en&done=saved`);
    const page = await (await get(t, first.headers.get('location')!, staff)).text();
    expect(page).toContain('Saved as version 1');
    expect(page).toContain('Save as version 2');
    expect(page).toContain(staff.user.name);

    const second = await post(
      t,
      `${PATH}/payment_receipt`,
      staff,
      draft({ action: 'save', baseVersion: '1', subject: 'Your receipt {{reference}}' }),
    );
    expect(second.status).toBe(303);
    const stale = await post(
      t,
      `${PATH}/payment_receipt`,
      staff,
      draft({ action: 'save', baseVersion: '1', subject: 'Late edit {{reference}}' }),
    );
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain('Someone saved version 2');
    expect(staleHtml).toContain('value="Late edit {{reference}}"');
    expect(
      (await t.deps.stores.messageTemplates.listMessageTemplateVersions('payment_receipt', 'en')).map(
        (v) => v.version,
      ),
    ).toEqual([2, 1]);
    expect((await auditAbout(t, 'payment_receipt/en')).map((a) => a.action)).toEqual([
      'message_template.saved',
      'message_template.saved',
    ]);

    const list = await (await get(t, PATH, staff)).text();
    expect(list).toContain('English v2');

    const person = await makeParticipant(t, { name: 'Sipho Ndlovu' });
    const message = await notify(t.deps.notifications, person, {
      trigger: 'payment_receipt',
      dedupeKey: 'editor-test',
      values: { amount: 'R 20', reference: 'INV-9', paidFor: 'x', paidAt: '2026-11-25' },
    });
    expect(message?.subject).toBe('Your receipt INV-9');
    expect(message?.templateRef).toBe('payment_receipt/en@2');
  });

  it('edits from an old version and per language', async () => {
    const old = await (await get(t, `${PATH}/payment_receipt?language=en&from=1`, staff)).text();
    expect(old).toContain('value="Receipt {{reference}}"');
    expect(old).toContain('The form holds the text of version 1; saving makes it version 3.');
    const af = await (await get(t, `${PATH}/payment_receipt?language=af`, staff)).text();
    expect(af).toContain('Afrikaans');
    expect(af).toContain('Save as version 1');
    expect(af).toContain('No saved versions in this language yet');
  });

  it('answers 404 for an unknown trigger, language or version and 400 for a bad version', async () => {
    expect((await get(t, `${PATH}/birthday`, staff)).status).toBe(404);
    expect((await get(t, `${PATH}/welcome?language=klingon`, staff)).status).toBe(404);
    expect((await get(t, `${PATH}/welcome?language=en&from=99`, staff)).status).toBe(404);
    expect((await get(t, `${PATH}/welcome?language=en&from=abc`, staff)).status).toBe(400);
    expect((await post(t, `${PATH}/welcome`, staff, draft({ baseVersion: 'x' }))).status).toBe(400);
    expect((await post(t, `${PATH}/welcome`, staff, draft({ subject: '' }))).status).toBe(400);
    expect(
      (await post(t, `${PATH}/welcome`, staff, draft({ subject: 'x'.repeat(201), action: 'save' }))).status,
    ).toBe(400);
  });

  it('is for staff only, with a CSRF token, within the body limit', async () => {
    expect((await get(t, PATH, noSession())).status).toBe(303);
    expect((await post(t, `${PATH}/welcome`, noSession(), draft())).status).toBe(401);
    for (const role of ['participant', 'partner', 'reviewer'] as const) {
      const who = await signIn(t, role);
      expect((await get(t, PATH, who)).status).toBe(403);
      expect((await post(t, `${PATH}/welcome`, who, draft({ action: 'save' }))).status).toBe(403);
    }
    expect((await post(t, `${PATH}/welcome`, staff, draft({ action: 'save' }), { csrf: null })).status).toBe(
      403,
    );
    expect(
      (await post(t, `${PATH}/welcome`, staff, draft({ action: 'save', body: 'x'.repeat(1024 * 1024 + 10) })))
        .status,
    ).toBe(413);
    expect(await t.deps.stores.messageTemplates.listMessageTemplateVersions('welcome', 'en')).toEqual([]);
  });
});
