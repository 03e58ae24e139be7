/**
 * Property-based: every state-changing route the app registers (from `app.routes`, path
 * parameters replaced by placeholders) gets hostile bodies (malformed JSON: truncated,
 * wrong type, huge numbers, deep nesting, invalid UTF-8, empty; JSON of random shapes;
 * malformed and random multipart/form-data; urlencoded bodies good and bad; odd content
 * types) as anonymous callers, with the admin API key, with a broken Authorization header,
 * and as signed-in browsers of each role that pass CSRF (cookie + token). The answer is
 * never a 5xx, an error in problem+json carries a code from the closed set with that
 * code's status, nothing shows a stack trace, and no promise is left rejected unhandled.
 *
 * Replay a failure with FC_SEED=<seed> FC_PATH=<path> from the fast-check report.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser, signIn } from '../fixtures/sessions.js';
import { ERROR_CODES, Tally, VERIFICATION_CODES, runs, withinTime } from '../fixtures/hostileJson.js';
import { codeToStatus, type ErrorCode } from '../../src/errors.js';
import type { Role, UserRecord } from '../../src/storage/ports.js';

/** Cases per route (each a fresh body, identity and placeholder). */
const RUNS_PER_ROUTE = 50;
const CASE_MS = 20_000;
const ORIGIN = 'http://localhost:3000';

let t: TestApp;
const users = new Map<Role, UserRecord>();
/** Someone else's id, for the placeholders of :id / :userId parameters. */
let victimId = 'x';
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  t = await createTestApp();
  for (const role of ['admin', 'staff', 'partner', 'reviewer', 'participant'] as const)
    users.set(role, await createUser(t, role));
  victimId = (await createUser(t, 'participant')).id;
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await t?.close();
});

interface Route {
  method: string;
  pattern: string;
}

/** Every POST/PUT/PATCH/DELETE route with a concrete path (wildcards are middleware). */
function unsafeRoutes(): Route[] {
  const seen = new Map<string, Route>();
  for (const route of t.app.routes) {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) || route.path.includes('*')) continue;
    seen.set(`${route.method} ${route.path}`, { method: route.method, pattern: route.path });
  }
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------
// Bodies.

interface Body {
  kind: string;
  contentType: string | undefined;
  bytes: string | Uint8Array;
}

const enc = new TextEncoder();

/** Field names the routes read, so random JSON and forms sometimes reach the handlers' checks. */
const FIELD = fc.constantFrom(
  'credential',
  'options',
  'verifiableCredential',
  'verifiablePresentation',
  'credentialId',
  'action',
  'reason',
  'credentialStatus',
  'email',
  'password',
  'currentPassword',
  'newPassword',
  'confirmation',
  'name',
  'role',
  'title',
  'body',
  'subject',
  'message',
  'userId',
  'batchId',
  'courseId',
  'id',
  'type',
  'events',
  'event',
  'templateId',
  'version',
  'status',
  'decision',
  'comment',
  'rating',
  'score',
  'kind',
  'csv',
  'grant_type',
  'pre-authorized_code',
  'tx_code',
  'proof',
  'proofs',
  'format',
  'credential_identifier',
  'credential_configuration_id',
  'nonce',
  'token',
  'next',
  'public',
  'teamId',
  'organisationId',
  'typeId',
  'outcome',
  'feedback',
  'note',
  'category',
  'language',
  'stages',
  'startHour',
  'endHour',
  'reminderDays',
  'validityMonths',
  'acceptedTerms',
  'mode',
  'before',
  'after',
  'minScore',
  'description',
  '_csrf',
  '__proto__',
  'constructor',
  'a[]',
  'a[b]',
);
const key = fc.oneof({ arbitrary: FIELD, weight: 3 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 });
const formValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    'true',
    '1',
    'on',
    '-1',
    '1e999',
    'NaN',
    'x'.repeat(20_000),
    'admin',
    'revoke',
    'did:example:1',
    'urn:uuid:1',
    '2026-13-45',
    '\u0000',
    '<script>',
  ),
);

const jsonText = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));

const malformedJson: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  // Truncated JSON.
  fc
    .tuple(
      fc
        .dictionary(key, fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 5 })
        .map((v) => JSON.stringify(v)),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
    )
    .map(([text, at]) => text.slice(0, Math.floor(text.length * at))),
  // The wrong type at the top.
  fc.constantFrom(
    '"str"',
    '123',
    'null',
    '[]',
    'true',
    'false',
    '[1,2,3]',
    '""',
    '0',
    '-0',
    '[{}]',
    '[[[]]]',
  ),
  // Huge numbers and numbers JSON.parse turns into Infinity or loses.
  fc.constantFrom(
    '1e999999',
    '-1e999999',
    '123456789012345678901234567890',
    `{"credentialId": 1e309, "userId": -1e309}`,
    `{"n": 9007199254740993}`,
    `{"n": ${'9'.repeat(5_000)}}`,
    `{"n": 0.${'0'.repeat(400)}1}`,
  ),
  fc
    .tuple(FIELD, fc.constantFrom('1e999', '-0', '9007199254740993', '1.7976931348623157e309', '5e-325'))
    .map(([k, n]) => `{"${k}": ${n}}`),
  // Deep nesting: arrays, objects, and under a field a route reads.
  fc
    .tuple(fc.integer({ min: 50, max: 60_000 }), fc.constantFrom('array', 'object', 'field'))
    .map(([n, how]) =>
      how === 'array'
        ? '['.repeat(n) + ']'.repeat(n)
        : how === 'object'
          ? `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`
          : `{"credential":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`,
    ),
  // Invalid UTF-8 (lone continuation bytes, overlong forms, surrogates as UTF-8, truncated sequences).
  fc
    .tuple(
      FIELD,
      fc.uint8Array({ minLength: 1, maxLength: 40 }),
      fc.constantFrom([0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80]),
    )
    .map(([k, random, bad]) => {
      const head = enc.encode(`{"${k}":"`);
      const tail = enc.encode('"}');
      return new Uint8Array([...head, ...bad, ...random, ...tail]);
    }),
  // Empty, blank, BOM, NUL, trailing garbage, prototype keys, duplicate keys.
  fc.constantFrom(
    '',
    ' ',
    '\n',
    '\uFEFF{}',
    '\u0000',
    '{}\u0000',
    '{} {}',
    '{}garbage',
    '{"a":1,}',
    "{'a':1}",
    '{"a":undefined}',
    '{"a":NaN}',
    '/* */{}',
    '{"__proto__": {"admin": true, "scopes": ["admin"]}}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    '{"credential": {"__proto__": null}}',
    '{"a":1,"a":2,"a":{"b":[]}}',
    '{"email":"a@b.example","email":["x"]}',
    '\uD800',
    '"\uD800"',
  ),
  // Random bytes.
  fc.uint8Array({ maxLength: 300 }),
);

const jsonContentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/ld+json',
  'application/vc+ld+json',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/problem+json',
);

/** A well-formed multipart body of the given fields (and sometimes a file), with its boundary. */
function multipart(
  fields: Array<[string, string]>,
  boundary: string,
  file?: { name: string; filename: string; type: string; bytes: Uint8Array },
): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, value] of fields) {
    parts.push(
      enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    parts.push(
      enc.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      enc.encode('\r\n'),
    );
  }
  parts.push(enc.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const boundary = fc.constantFrom('abc', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'b'.repeat(70));
const fields = fc.array(fc.tuple(key, formValue), { maxLength: 6 });
const fileArb = fc.record({
  name: fc.constantFrom('file', 'csv', 'document', 'upload', 'image', 'x'),
  filename: fc.constantFrom('a.csv', 'a.pdf', '../../etc/passwd', '', 'x"y.png', 'ü.txt', 'a'.repeat(300)),
  type: fc.constantFrom('text/csv', 'application/pdf', 'image/png', 'application/octet-stream', '', 'x'),
  bytes: fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    fc.constantFrom(
      enc.encode('email,name\na@b.example,A\n'),
      enc.encode('"unterminated,csv\n'),
      enc.encode('\uFEFFemail\n'),
      enc.encode('%PDF-1.4 garbage'),
    ),
  ),
});

const multipartBody: fc.Arbitrary<Body> = fc.oneof(
  // Well formed, random fields (and a file at times): reaches the handler past CSRF.
  fc.tuple(fields, boundary, fc.option(fileArb, { nil: undefined })).map(([f, b, file]) => ({
    kind: 'multipart ok',
    contentType: `multipart/form-data; boundary=${b}`,
    bytes: multipart(f, b, file),
  })),
  // Truncated somewhere.
  fc
    .tuple(
      fields,
      boundary,
      fc.option(fileArb, { nil: undefined }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
    )
    .map(([f, b, file, at]) => {
      const bytes = multipart(f, b, file);
      return {
        kind: 'multipart truncated',
        contentType: `multipart/form-data; boundary=${b}`,
        bytes: bytes.slice(0, Math.floor(bytes.length * at)),
      };
    }),
  // A missing, empty, unterminated, mismatched or overlong boundary.
  fc
    .tuple(
      fields,
      fc.constantFrom(
        'multipart/form-data',
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary="unterminated',
        'multipart/form-data; boundary=other',
        `multipart/form-data; boundary=${'z'.repeat(200)}`,
        'multipart/form-data; boundary=abc; boundary=def',
        'multipart/mixed; boundary=abc',
        'multipart/form-data;boundary=a b',
      ),
    )
    .map(([f, type]) => ({
      kind: 'multipart bad boundary',
      contentType: type,
      bytes: multipart(f, 'abc', undefined),
    })),
  // Hand-broken parts: no Content-Disposition, no name, no blank line, CRLF in names, bare LF.
  fc
    .constantFrom(
      '--abc\r\nContent-Type: text/plain\r\n\r\nvalue\r\n--abc--\r\n',
      '--abc\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--abc--\r\n',
      '--abc\r\nContent-Disposition: form-data; name="a"\r\nvalue\r\n--abc--\r\n',
      '--abc\r\nContent-Disposition: form-data; name="a\r\nX-Injected: 1"\r\n\r\nv\r\n--abc--\r\n',
      '--abc\nContent-Disposition: form-data; name="a"\n\nvalue\n--abc--\n',
      '--abc--',
      '--abc\r\n',
      '--abc\r\nContent-Disposition: form-data; name="a"; filename*=UTF-8\'\'%E0%A4%A\r\n\r\nv\r\n--abc--\r\n',
      `--abc\r\nContent-Disposition: form-data; name="${'n'.repeat(10_000)}"\r\n\r\nv\r\n--abc--\r\n`,
      '',
    )
    .map((text) => ({
      kind: 'multipart broken parts',
      contentType: 'multipart/form-data; boundary=abc',
      bytes: text,
    })),
  // Random bytes.
  fc.uint8Array({ maxLength: 500 }).map((bytes) => ({
    kind: 'multipart random bytes',
    contentType: 'multipart/form-data; boundary=abc',
    bytes,
  })),
);

const urlencodedBody: fc.Arbitrary<Body> = fc.oneof(
  fields.map((f) => ({
    kind: 'urlencoded ok',
    contentType: 'application/x-www-form-urlencoded',
    bytes: new URLSearchParams(f).toString(),
  })),
  fc
    .constantFrom(
      'a=%ZZ&b=%',
      '%E0%A4%A=1',
      'email=%C0%AF',
      '&&&',
      '=',
      '==&=&',
      'a',
      'a=1&a=2&a=3',
      '__proto__[admin]=1',
      'constructor[prototype][x]=1',
      'a[]=1&a[]=2',
      '+=+',
      `a=${'%'.repeat(1_000)}`,
      'x'.repeat(50_000),
    )
    .map((text) => ({
      kind: 'urlencoded malformed',
      contentType: 'application/x-www-form-urlencoded',
      bytes: text,
    })),
  fc
    .tuple(
      fields,
      fc.constantFrom(
        'application/x-www-form-urlencoded; charset=latin1',
        'application/x-www-form-urlencoded; charset=utf-16',
        'application/x-www-form-urlencoded;;;',
      ),
    )
    .map(([f, type]) => ({
      kind: 'urlencoded odd charset',
      contentType: type,
      bytes: new URLSearchParams(f).toString(),
    })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
    kind: 'urlencoded random bytes',
    contentType: 'application/x-www-form-urlencoded',
    bytes,
  })),
);

const body: fc.Arbitrary<Body> = fc.oneof(
  {
    arbitrary: fc
      .tuple(jsonContentType, malformedJson)
      .map(([contentType, bytes]): Body => ({ kind: 'json malformed', contentType, bytes })),
    weight: 4,
  },
  {
    arbitrary: fc
      .tuple(jsonContentType, jsonText)
      .map(([contentType, bytes]): Body => ({ kind: 'json random', contentType, bytes })),
    weight: 2,
  },
  {
    arbitrary: fc
      .dictionary(key, fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 6 })
      .map((v): Body => ({ kind: 'json fields', contentType: 'application/json', bytes: JSON.stringify(v) })),
    weight: 2,
  },
  { arbitrary: multipartBody, weight: 4 },
  { arbitrary: urlencodedBody, weight: 3 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          undefined,
          'text/plain',
          'application/xml',
          '*/*',
          'a/b/c;;;=',
          '',
          'image/png',
          'image/svg+xml',
          'application/octet-stream',
          'text/html',
        ),
        fc.oneof(jsonText, fc.uint8Array({ maxLength: 300 })),
      )
      .map(([contentType, bytes]): Body => ({ kind: 'other type', contentType, bytes })),
    weight: 1,
  },
);

// ---------------------------------------------------------------------------------------
// Callers.

type Caller =
  | { kind: 'anonymous' }
  | { kind: 'api key' }
  | { kind: 'bad authorization'; header: string }
  | { kind: 'session'; role: Role; csrfInBody: boolean };

/** The role whose pages a path belongs to, so most signed-in cases get past the role check too. */
function roleFor(pattern: string): Role {
  if (pattern.startsWith('/partner/')) return 'partner';
  if (pattern.startsWith('/reviewer/')) return 'reviewer';
  if (pattern.startsWith('/me/')) return 'participant';
  return 'admin';
}

const callerFor = (route: Route): fc.Arbitrary<Caller> =>
  fc.oneof(
    { arbitrary: fc.constant<Caller>({ kind: 'anonymous' }), weight: 2 },
    { arbitrary: fc.constant<Caller>({ kind: 'api key' }), weight: 2 },
    {
      arbitrary: fc
        .constantFrom(
          'Bearer',
          'Bearer ',
          'Bearer x y',
          'Basic dXNlcjpwYXNz',
          `Bearer ${'a'.repeat(5_000)}`,
          'bearer not-a-key',
          'Bearer \u00ff',
        )
        .map((header): Caller => ({ kind: 'bad authorization', header })),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant<'session'>('session'),
        role: fc.constant(roleFor(route.pattern)),
        csrfInBody: fc.boolean(),
      }),
      weight: 4,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant<'session'>('session'),
        role: fc.constantFrom<Role>('admin', 'staff', 'partner', 'reviewer', 'participant'),
        csrfInBody: fc.boolean(),
      }),
      weight: 1,
    },
  );

/** Refusals at the door (identity, CSRF, media type, unreadable body): anything else means a handler read the body. */
const AT_THE_DOOR = new Set([401, 403, 415]);
const DOOR_CODES = new Set([
  'form_unreadable',
  'malformed_json',
  'unauthorized',
  'forbidden',
  'unsupported_media_type',
  'invalid_token',
]);

const placeholder = fc.oneof(
  { arbitrary: fc.constant('x'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      '$VICTIM',
      '1',
      '0',
      '-1',
      'urn:uuid:00000000-0000-4000-8000-000000000000',
      '%E0%A4%A',
      '%00',
      '..',
      'a'.repeat(2_000),
      'Zo%C3%AB',
      'revoke',
    ),
    weight: 2,
  },
);

/** The request for one case: path with placeholders, headers for the caller, the body. */
async function requestFor(
  route: Route,
  method: string,
  fill: string,
  how: Caller,
  sent: Body,
  accept: string | undefined,
): Promise<{ path: string; init: RequestInit }> {
  const value = fill === '$VICTIM' ? victimId : fill;
  const path = route.pattern.replace(/:(\w+)(\{[^}]*\})?/g, () => value);
  const headers: Record<string, string> = { origin: ORIGIN };
  if (sent.contentType !== undefined) headers['content-type'] = sent.contentType;
  if (accept) headers.accept = accept;
  let bytes = sent.bytes;
  if (how.kind === 'api key') headers.authorization = `Bearer ${t.adminKey}`;
  if (how.kind === 'bad authorization') headers.authorization = how.header;
  if (how.kind === 'session') {
    // A fresh session per case: a case may sign out, revoke sessions or disable a user.
    const browser = await signIn(t, how.role, users.get(how.role));
    headers.cookie = browser.cookie;
    if (how.csrfInBody && sent.kind === 'urlencoded ok' && typeof bytes === 'string')
      bytes = `${bytes}${bytes ? '&' : ''}_csrf=${browser.csrf}`;
    else headers['x-csrf-token'] = browser.csrf;
  }
  return { path, init: { method, headers, body: bytes as BodyInit } };
}

const STACK_FRAME = /\n\s+at [^\n]*:\d+:\d+|node_modules\//;

it('no route answers a hostile body with a 5xx, for any caller; problem+json codes come from the closed set', async () => {
  const routes = unsafeRoutes();
  expect(routes.length).toBeGreaterThan(70);
  expect(routes.map((r) => `${r.method} ${r.pattern}`)).toContain('POST /credentials/issue');

  const outcomes = new Tally();
  const byKind = new Map<string, Tally>();
  const byCaller = new Map<string, Tally>();
  const reached = new Set<string>();
  const started = Date.now();
  let slowest = { ms: 0, what: '' };

  for (const route of routes) {
    const caseArb = fc.record({
      method: fc.oneof(
        { arbitrary: fc.constant(route.method), weight: 9 },
        { arbitrary: fc.constantFrom('PATCH', 'DELETE', 'PUT'), weight: 1 },
      ),
      fill: placeholder,
      how: callerFor(route),
      sent: body,
      accept: fc.constantFrom(
        undefined,
        'application/json',
        'text/html',
        'text/html,application/xhtml+xml,*/*;q=0.8',
      ),
    });
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ method, fill, how, sent, accept }) => {
        const { path, init } = await requestFor(route, method, fill, how, sent, accept);
        const where = `${method} ${path.slice(0, 120)} as ${JSON.stringify(how)} with ${sent.kind} (${sent.contentType})`;
        const began = Date.now();
        const res = await withinTime(t.app.request(path, init), CASE_MS, where);
        const text = await res.text();
        const ms = Date.now() - began;
        if (ms > slowest.ms) slowest = { ms, what: where };
        expect(res.status, `${where}: ${text.slice(0, 300)}`).toBeLessThan(500);
        expect(STACK_FRAME.test(text), `stack trace in ${where}: ${text.slice(0, 300)}`).toBe(false);
        const type = res.headers.get('content-type') ?? '';
        let code: string | undefined;
        if (/^application\/problem\+json/.test(type)) {
          const problem = JSON.parse(text) as { type: string; code: string; status: number };
          // A credential that did not verify: its code is the first failing check's (README).
          if (problem.type === '/problems/verification-failed') {
            expect(VERIFICATION_CODES.has(problem.code), `${where}: ${text.slice(0, 300)}`).toBe(true);
            expect(res.status, where).toBe(400);
          } else {
            expect(ERROR_CODES.has(problem.code), `${where}: ${text.slice(0, 300)}`).toBe(true);
            expect(codeToStatus(problem.code as ErrorCode), where).toBe(res.status);
          }
          code = problem.code;
        } else if (res.status >= 400 && /^application\/json/.test(type)) {
          // OAuth-style errors (RFC 6749 §5.2) on the OID4VCI token/credential endpoints.
          code = (JSON.parse(text) as { error?: string }).error ?? 'json';
        }
        const outcome = { status: res.status, code };
        outcomes.add(outcome);
        let kindTally = byKind.get(sent.kind);
        if (!kindTally) byKind.set(sent.kind, (kindTally = new Tally()));
        kindTally.add(outcome);
        const who =
          how.kind === 'session'
            ? `session ${how.role === roleFor(route.pattern) ? 'own role' : 'other role'}`
            : how.kind;
        let callerTally = byCaller.get(who);
        if (!callerTally) byCaller.set(who, (callerTally = new Tally()));
        callerTally.add(outcome);
        if (method === route.method && !AT_THE_DOOR.has(res.status) && !(code && DOOR_CODES.has(code)))
          reached.add(`${route.method} ${route.pattern}`);
      }),
      runs(RUNS_PER_ROUTE),
    );
  }

  console.log(
    `[routes] ${routes.length} routes x ${RUNS_PER_ROUTE} = ${outcomes.total} cases in ${Date.now() - started} ms (slowest ${slowest.ms} ms: ${slowest.what})\n` +
      `[routes] outcomes: ${outcomes}\n` +
      [...byKind].map(([kind, tally]) => `[routes]   ${kind}: ${tally}`).join('\n') +
      '\n' +
      [...byCaller].map(([who, tally]) => `[routes]   ${who}: ${tally}`).join('\n') +
      `\n[routes] routes where a body reached the handler: ${reached.size}; not: ${routes
        .map((r) => `${r.method} ${r.pattern}`)
        .filter((r) => !reached.has(r))
        .join(', ')}`,
  );
  expect(unhandled).toEqual([]);
  // The bodies were not all refused at the door: on most routes some reached the handler
  // (past identity, CSRF and role checks and the body parser).
  expect(reached.size).toBeGreaterThan(routes.length * 0.7);
  expect(outcomes.counts.get('400 form_unreadable') ?? 0).toBeGreaterThan(0);
  expect(outcomes.counts.get('400 malformed_json') ?? 0).toBeGreaterThan(0);
  expect(outcomes.between(200, 400)).toBeGreaterThan(0);
}, 300_000);
