/**
 * GET /credentials/verify-number against the real app: the right number with the holder's
 * surname (any case, accents or not, or the full name) answers the verification link and
 * nothing else, for private certificates too; an unknown number and a wrong surname get
 * byte-for-byte the same answer (but for the request id) after the same floor of time;
 * malformed and oversized queries are 400; and each client address is limited, with
 * successful lookups given back, to a 429 problem+json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { openBadgeRequest } from '../fixtures/credentials.js';
import { expectProblem, issueVia, type Json } from '../fixtures/http.js';
import { fromAddress } from './pages/pageRequests.js';
import type { CredentialRecord } from '../../src/storage/ports.js';

let t: TestApp;
let record: CredentialRecord;
let address = 0;

/** Each lookup from its own address unless told, so the limit only bites where a test wants it. */
function lookUp(
  query: Record<string, string> | string,
  from = `10.1.0.${++address % 250}`,
): Promise<Response> {
  const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  return Promise.resolve(
    t.app.request(
      `/credentials/verify-number?${search}`,
      { headers: { accept: 'application/json' } },
      fromAddress(from) as Record<string, unknown>,
    ),
  );
}

async function timed(query: Record<string, string>): Promise<{ res: Response; ms: number }> {
  const started = performance.now();
  const res = await lookUp(query);
  return { res, ms: performance.now() - started };
}

beforeAll(async () => {
  t = await createTestApp();
  const { vc } = await issueVia(t, openBadgeRequest());
  record = (await t.deps.stores.credentials.get(vc.id))!;
  expect(record.isPublic).toBe(false);
});
afterAll(async () => {
  await t.close();
});

describe('a matching number and surname', () => {
  it('answers the verification link, whatever the case and accents, for a private certificate', async () => {
    const expected = { verificationUrl: `${t.deps.config.publicUrl}/v/${record.verificationToken}` };
    for (const surname of [
      'Ngcobo-Müller',
      'ngcobo-muller',
      'NGCOBO-MULLER',
      '  ngcobo-müller ',
      'Zoe Ngcobo-Muller',
    ]) {
      const res = await lookUp({ number: record.certificateNumber, surname });
      expect(res.status, surname).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual(expected);
    }
    const lower = await lookUp({ number: record.certificateNumber.toLowerCase(), surname: 'Ngcobo-Müller' });
    expect(await lower.json()).toEqual(expected);
  });

  it('leads to a page that shows the certificate', async () => {
    const { verificationUrl } = (await (
      await lookUp({ number: record.certificateNumber, surname: 'ngcobo-muller' })
    ).json()) as Json;
    const page = await t.app.request(new URL(verificationUrl).pathname, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Zoë Ngcobo-Müller');
  });
});

describe('no match', () => {
  it('answers an unknown number and a wrong surname identically, after the same floor', async () => {
    const unknownNumber = record.certificateNumber.replace(/\d{6}$/, '999999');
    const cases = [
      { number: unknownNumber, surname: 'Ngcobo-Müller' },
      { number: record.certificateNumber, surname: 'Smith' },
      { number: record.certificateNumber, surname: 'Ngcobo' },
      { number: record.certificateNumber, surname: 'Zoë' },
    ];
    const answers: Array<{ status: number; headers: string; body: Json; ms: number }> = [];
    for (const query of cases) {
      const { res, ms } = await timed(query);
      const body = await expectProblem(res, 404, 'not_found');
      const { requestId: _id, ...rest } = body;
      const headers = [...res.headers]
        .filter(([name]) => !['x-request-id', 'date'].includes(name))
        .map(([n, v]) => `${n}: ${v}`)
        .sort()
        .join('\n');
      answers.push({ status: res.status, headers, body: rest, ms });
    }
    for (const answer of answers.slice(1)) {
      expect({ ...answer, ms: 0 }).toEqual({ ...answers[0]!, ms: 0 });
    }
    expect(answers[0]!.body.detail).toBe(
      'No certificate matches this certificate number and surname. Check both as printed on the certificate.',
    );
    expect(JSON.stringify(answers[0]!.body)).not.toContain(record.verificationToken);
    // Every answer waits out the floor (150 ms), so the database's work never shows.
    for (const answer of answers) expect(answer.ms).toBeGreaterThanOrEqual(145);
  });

  it('does not find a redacted certificate', async () => {
    const { vc } = await issueVia(t, openBadgeRequest(), { public: true });
    const redacted = (await t.deps.stores.credentials.redactPersonalData(vc.id, new Date().toISOString()))!;
    await expectProblem(
      await lookUp({ number: redacted.certificateNumber, surname: 'Ngcobo-Müller' }),
      404,
      'not_found',
    );
  });
});

describe('malformed queries', () => {
  it.each([
    ['no parameters', ''],
    ['no surname', `number=SP-2026-000001`],
    ['no number', 'surname=Smith'],
    ['empty number', 'number=&surname=Smith'],
    ['blank surname', 'number=SP-2026-000001&surname=%20%20'],
    ['an oversized number', `number=SP-${'1'.repeat(60)}&surname=Smith`],
    ['an oversized surname', `number=SP-2026-000001&surname=${'a'.repeat(201)}`],
    ['a huge surname', `number=SP-2026-000001&surname=${'a'.repeat(20_000)}`],
    ['spaces in the number', 'number=SP%202026%20000001&surname=Smith'],
    ['a path in the number', 'number=..%2F..%2Fetc&surname=Smith'],
    ['a control character in the surname', 'number=SP-2026-000001&surname=Sm%00ith'],
    ['a repeated number', 'number=SP-2026-000001&number=SP-2026-000002&surname=Smith'],
  ])('answers 400 for %s', async (_name, query) => {
    const body = await expectProblem(await lookUp(query), 400, 'invalid_request');
    expect(body.detail).toMatch(/^The lookup is invalid: /);
  });
});

describe('rate limit', () => {
  it('answers 429 problem+json with Retry-After after 10 misses from one address, and successes do not count', async () => {
    const from = '192.0.2.77';
    for (let i = 0; i < 3; i++)
      expect(
        (await lookUp({ number: record.certificateNumber, surname: 'Ngcobo-Müller' }, from)).status,
      ).toBe(200);
    for (let i = 0; i < 10; i++)
      await expectProblem(
        await lookUp({ number: record.certificateNumber, surname: `Wrong${i}` }, from),
        404,
        'not_found',
      );
    const limited = await lookUp({ number: record.certificateNumber, surname: 'Ngcobo-Müller' }, from);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectProblem(limited, 429, 'rate_limited');
    // Malformed requests count too, and another address is not affected.
    await expectProblem(await lookUp('number=', from), 429, 'rate_limited');
    expect(
      (await lookUp({ number: record.certificateNumber, surname: 'Ngcobo-Müller' }, '192.0.2.78')).status,
    ).toBe(200);
  });
});
