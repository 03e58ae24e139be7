/**
 * One browser journey with the server in MongoDB mode: the real server process (`npm
 * start`'s src/index.ts, MONGODB_URI and a fresh MONGODB_DB in its environment, the database
 * dropped afterwards) issues a public certificate through the API; in Debian's Chromium the
 * certificate page says it is valid and shows its picture, and "Verify independently" lands
 * on /verify?id=... with the same verdict; a certificate revoked through the API says so on
 * both pages. At 1280x800 and 390x844, screenshotted (test-artifacts/screenshots/mongo-*);
 * any script error, console error or 4xx/5xx fails a test. On the server MONGODB_URI names,
 * else the FerretDB test/mongoGlobalSetup.ts starts; skipped, saying so, without either a
 * server or Chromium.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { hasChromium, launchBrowser, saveScreenshot } from '../fixtures/browser.js';
import { expectNoHorizontalScroll, watch } from '../fixtures/watchedPage.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { describeOnMongo, dropDatabase, freshDbName } from '../fixtures/mongoTarget.js';
import { startServer, type ServerProcess } from './serverProcess.js';

type Json = Record<string, any>;

const available = hasChromium();
if (!available)
  console.log(
    'mongoJourney.browser.test: skipped, /usr/bin/chromium is missing (npm test installs it as root: scripts/ensureChromium.mjs)',
  );

/** The two screens of this journey. */
const SCREENS: Record<string, BrowserContextOptions> = {
  '1280x800': { viewport: { width: 1280, height: 800 } },
  '390x844': { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

describe.skipIf(!available)('a browser journey in MongoDB mode', () => {
  describeOnMongo(
    'issue, certificate page, verify, on a MongoDB-mode server in Chromium',
    'MongoDB browser journey',
    (uri) => {
      const dir = mkdtempSync(join(tmpdir(), 'saypro-mongo-journey-'));
      const dbName = freshDbName('journey');
      let server: ServerProcess;
      let browser: Browser;
      let key: string;
      let valid: Json;
      let revoked: Json;
      /** Certificate numbers by credential id, read from the database. */
      let stored: Map<string, string>;

      const call = async (path: string, body: unknown): Promise<Json> => {
        const res = await fetch(`${server.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as Json;
        expect(res.status, JSON.stringify(json)).toBeLessThan(300);
        return json;
      };

      beforeAll(async () => {
        [server, browser] = await Promise.all([
          startServer({
            DATA_DIR: join(dir, 'data'),
            KEYS_DIR: join(dir, 'keys'),
            MONGODB_URI: uri,
            MONGODB_DB: dbName,
          }),
          launchBrowser(),
        ]);
        expect(server.output()).toContain('storage MongoDB');
        key = readFileSync(join(dir, 'keys', 'admin-api-key'), 'utf8').trim();
        valid = (
          await call('/credentials/issue', { credential: openBadgeRequest(), options: { public: true } })
        ).verifiableCredential;
        revoked = (
          await call('/credentials/issue', { credential: openBadgeRequest(), options: { public: true } })
        ).verifiableCredential;
        await call('/credentials/status', { credentialId: revoked.id, action: 'revoke' });
        const client = new MongoClient(uri);
        try {
          const docs = await client
            .db(dbName)
            .collection('credentials')
            .find({}, { projection: { id: 1, certificateNumber: 1 } })
            .toArray();
          stored = new Map(docs.map((d) => [d.id as string, d.certificateNumber as string]));
        } finally {
          await client.close();
        }
      }, 90_000);
      afterAll(async () => {
        await browser?.close();
        await server?.stop();
        try {
          await dropDatabase(uri, dbName);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it('keeps the certificates in the MongoDB database', () => {
        expect([...stored.keys()].sort()).toEqual([valid.id, revoked.id].sort());
        expect(stored.get(valid.id)).toMatch(/^SP-\d{4}-\d{6}$/);
      });

      async function openPage(screen: string, path: string): Promise<ReturnType<typeof watch>> {
        const context = await browser.newContext(SCREENS[screen]);
        const watched = watch(context, await context.newPage());
        await watched.page.goto(`${server.baseUrl}${path}`);
        return watched;
      }

      async function expectBanner(page: Page, headline: string, kind: string): Promise<void> {
        await expect
          .poll(() => page.locator('.banner .headline').textContent(), { timeout: 15_000 })
          .toBe(headline);
        expect(await page.locator('.banner').getAttribute('class')).toBe(`banner ${kind}`);
      }

      for (const screen of Object.keys(SCREENS)) {
        it(`${screen}: the certificate page says valid with its picture, and "Verify independently" agrees`, async () => {
          const { context, page, problems } = await openPage(screen, `/c/${encodeURIComponent(valid.id)}`);
          await expectBanner(page, 'Valid certificate', 'valid');
          expect(await page.locator('.recipient').textContent()).toBe('Zoë Ngcobo-Müller');
          expect(await page.locator('h1').textContent()).toBe('Web Development 101');
          const img = page.locator('.certificate-image img');
          await expect
            .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), {
              timeout: 30_000,
            })
            .toBe(2246);
          await saveScreenshot(page, `mongo-journey-${screen}-certificate`);
          await expectNoHorizontalScroll(page);

          await Promise.all([
            page.waitForURL((url) => url.pathname === '/verify'),
            page.getByRole('link', { name: 'Verify independently', exact: true }).click(),
          ]);
          expect(new URL(page.url()).searchParams.get('id')).toBe(valid.id);
          await expect
            .poll(() => page.locator('#verdict').textContent(), { timeout: 15_000 })
            .toBe('Valid certificate');
          expect(await page.locator('#result').getAttribute('class')).toBe('valid');
          expect(await page.locator('#checks li.bad').allTextContents()).toEqual([]);
          expect(await page.locator('#facts').innerText()).toContain('Zoë Ngcobo-Müller');
          await saveScreenshot(page, `mongo-journey-${screen}-verify`);
          await expectNoHorizontalScroll(page);
          expect(problems).toEqual([]);
          await context.close();
        }, 90_000);
      }

      it("390x844: the certificate number and surname on /verify open the certificate's verification link", async () => {
        const { context, page, problems } = await openPage('390x844', '/verify');
        await page.getByLabel('Certificate number', { exact: true }).fill(stored.get(valid.id)!);
        await page.getByLabel("Holder's surname", { exact: true }).fill('ngcobo-muller');
        await Promise.all([
          page.waitForURL((url) => url.pathname.startsWith('/v/'), { timeout: 15_000 }),
          page.getByRole('button', { name: 'Look up', exact: true }).click(),
        ]);
        await expectBanner(page, 'Valid certificate', 'valid');
        expect(await page.locator('.recipient').textContent()).toBe('Zoë Ngcobo-Müller');
        await saveScreenshot(page, 'mongo-journey-390x844-number-lookup');
        await expectNoHorizontalScroll(page);
        expect(problems).toEqual([]);
        await context.close();
      }, 90_000);

      it('1280x800: a revoked certificate says so on its page and on /verify', async () => {
        const { context, page, problems, allowOnce } = await openPage(
          '1280x800',
          `/c/${encodeURIComponent(revoked.id)}`,
        );
        await expectBanner(page, 'Revoked', 'revoked');
        expect(await page.locator('.recipient').textContent()).toBe('Zoë Ngcobo-Müller');
        await saveScreenshot(page, 'mongo-journey-1280x800-revoked-certificate');
        // A credential that fails verification is answered 400 (problem+json naming the check).
        allowOnce(400, 'POST', '/credentials/verify');
        await Promise.all([
          page.waitForURL((url) => url.pathname === '/verify'),
          page.getByRole('link', { name: 'Verify independently', exact: true }).click(),
        ]);
        await expect.poll(() => page.locator('#verdict').textContent(), { timeout: 15_000 }).toBe('Revoked');
        expect(await page.locator('#result').getAttribute('class')).toBe('revoked');
        const bad = await page.locator('#checks li.bad').allTextContents();
        expect(bad).toHaveLength(1);
        expect(bad[0]).toMatch(/^Revocation: The issuer has revoked this credential/);
        await saveScreenshot(page, 'mongo-journey-1280x800-revoked-verify');
        expect(problems).toEqual([]);
        await context.close();
      }, 90_000);

      it('ran its background jobs on MongoDB without a failure', () => {
        // Job and request failures are logged at level error (plain text before start-up);
        // a warning (a renderer warm-up that ran out of time on a busy machine) is not one.
        const failures = server
          .output()
          .split('\n')
          .filter((line) => /failed|error/i.test(line))
          .filter(
            (line) =>
              !line.startsWith('{') ||
              !['"level":"warn"', '"level":"info"'].some((level) => line.includes(level)),
          );
        expect(failures).toEqual([]);
      });
    },
  );
});
