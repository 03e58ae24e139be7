/**
 * The crash test of bulk issuance: `npm run issue` on a batch of 1,000 is killed with
 * SIGKILL part-way (no chance to clean up), then run again with the same file. Every
 * participant ends with exactly one valid credential, nobody with two, no reservation is
 * left dangling, and the second run reports the first run's certificates as already
 * issued rather than issuing them again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createDeps, type AppDeps } from '../../src/deps.js';
import { newUser } from '../../src/accounts/users.js';
import { recordConsents, CURRENT_TEXT_VERSIONS } from '../../src/accounts/consents.js';
import { createBatch, createCourse } from '../../src/programs/courses.js';
import { batchInput, courseInput } from '../../src/programs/programSchemas.js';
import { verifyCredential } from '../../src/verification/verifyCredential.js';

const COUNT = 1000;
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'saypro-bulk-'));
const env = {
  PATH: process.env.PATH ?? '',
  DATA_DIR: join(dir, 'data'),
  KEYS_DIR: join(dir, 'keys'),
  PUBLIC_URL: 'http://localhost:3000',
  NODE_ENV: 'test',
};
const csvPath = join(dir, 'cohort.csv');
const emails = Array.from({ length: COUNT }, (_, i) => `learner${i}@bulk.example`);

async function openDeps(): Promise<AppDeps> {
  return createDeps(loadConfig(env), {
    mailer: { send: async () => ({ messageId: 'x', accepted: [], rejected: [] }), close: async () => {} },
  });
}

beforeAll(async () => {
  const deps = await openDeps();
  const staff = { id: 'test', label: 'test', role: 'staff' as const };
  await createCourse(
    deps.programs,
    staff,
    courseInput.parse({ id: 'bulk', title: 'Bulk course', modules: [{ id: 'm1', title: 'Only module' }] }),
  );
  await createBatch(
    deps.programs,
    staff,
    batchInput.parse({
      id: 'bulk-1',
      courseId: 'bulk',
      name: 'Bulk',
      achievement: { name: 'Bulk certificate', criteriaNarrative: 'The module' },
    }),
  );
  for (const [i, email] of emails.entries()) {
    const user = newUser({ email, name: `Learner ${i}`, role: 'participant' }, new Date());
    await deps.stores.users.create(user);
    await recordConsents(deps.accounts, user.id, [
      { kind: 'name_on_certificate', granted: true, textVersion: CURRENT_TEXT_VERSIONS.name_on_certificate },
    ]);
  }
  await deps.stores.close();
  writeFileSync(csvPath, ['email,name,modules', ...emails.map((e, i) => `${e},Learner ${i},all`)].join('\n'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the CLI and SIGKILLs it once its progress output shows `killAtPercent`. */
function runAndKill(killAtPercent: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/issueBatch.ts', '--batch', 'bulk-1', '--csv', csvPath],
      { cwd: root, env },
    );
    let output = '';
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      const percents = [...output.matchAll(/(\d+)%/g)].map((m) => Number(m[1]));
      if (percents.some((p) => p >= killAtPercent && p < 100)) child.kill('SIGKILL');
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve(output)
        : reject(new Error(`the CLI finished before it was killed:\n${output}`)),
    );
  });
}

describe(`bulk issuance of ${COUNT}, killed and restarted`, () => {
  it('ends with exactly one valid credential per participant', { timeout: 300_000 }, async () => {
    await runAndKill(30);
    const partial = await openDeps();
    const issuedBefore = (await partial.stores.enrolments.listEnrolments('bulk-1', 'issued')).length;
    await partial.stores.close();
    expect(issuedBefore).toBeGreaterThan(0);
    expect(issuedBefore).toBeLessThan(COUNT);

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/issueBatch.ts', '--batch', 'bulk-1', '--csv', csvPath],
      { cwd: root, env, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(stdout).toMatch(new RegExp(`${COUNT} rows\\.`));
    const already = Number(/already issued: (\d+)/.exec(stdout)?.[1] ?? 0);
    const fresh = Number(/(?<!already )issued: (\d+)/.exec(stdout)?.[1] ?? 0);
    expect(already + fresh).toBe(COUNT);
    expect(already).toBeGreaterThanOrEqual(issuedBefore);

    const deps = await openDeps();
    try {
      const enrolments = await deps.stores.enrolments.listEnrolments('bulk-1');
      expect(enrolments).toHaveLength(COUNT);
      expect(enrolments.filter((e) => e.status !== 'issued')).toEqual([]);
      const ids = new Set<string>();
      for (const email of emails) {
        const user = (await deps.stores.users.getByEmail(email))!;
        const held = await deps.stores.credentials.listByHolder(user.id);
        expect(held, email).toHaveLength(1);
        expect(held[0]!.state, email).toBe('issued');
        ids.add(held[0]!.id);
      }
      expect(ids.size).toBe(COUNT);
      // A sample verifies cryptographically and against its status list.
      for (const email of [emails[0]!, emails[COUNT / 2]!, emails[COUNT - 1]!]) {
        const user = (await deps.stores.users.getByEmail(email))!;
        const [record] = await deps.stores.credentials.listByHolder(user.id);
        expect((await verifyCredential(record!.credential, deps.verify)).verified).toBe(true);
      }
    } finally {
      await deps.stores.close();
    }
  });
});
