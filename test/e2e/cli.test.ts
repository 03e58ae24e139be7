/**
 * The first-run commands as a person runs them: `npm start` on an empty database prints a
 * setup link, `admin:create` makes an admin, `seed:demo` fills a demo once (a second run
 * changes nothing).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './serverProcess.js';
import { loadConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'saypro-cli-'));
const env = {
  PATH: process.env.PATH ?? '',
  DATA_DIR: join(dir, 'data'),
  KEYS_DIR: join(dir, 'keys'),
  PASSWORD_SCRYPT_LOG_N: '10',
};

function cli(script: string, args: string[] = [], extra: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...env, ...extra },
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('first run', () => {
  it('npm start on an empty database offers a one-time setup link for the first admin', async () => {
    const server = await startServer(env);
    try {
      expect(server.output()).toMatch(
        /No admin yet: open http:\/\/127\.0\.0\.1:\d+\/setup\?token=[\w-]{43} /,
      );
    } finally {
      await server.stop();
    }
  });

  it('admin:create makes an admin, after which start no longer offers setup', async () => {
    const { stdout } = await cli(
      'src/cli/createAdmin.ts',
      ['--email', 'Boss@Example.org', '--name', 'Nomsa Boss'],
      { ADMIN_PASSWORD: 'a long enough password' },
    );
    expect(stdout).toMatch(/Admin boss@example\.org created/);
    const again = await cli(
      'src/cli/createAdmin.ts',
      ['--email', 'boss@example.org', '--name', 'Nomsa Boss'],
      { ADMIN_PASSWORD: 'a long enough password' },
    ).catch((e) => e);
    expect(again.stderr).toMatch(/already has an account/);
    const server = await startServer(env);
    try {
      expect(server.output()).not.toMatch(/No admin yet/);
    } finally {
      await server.stop();
    }
  });

  it('seed:demo fills a demo once', async () => {
    const first = await cli('src/cli/seedDemo.ts');
    expect(first.stdout).toMatch(/Demo seeded/);
    expect(first.stdout).toMatch(/participant\s+amahle\.dlamini@demo\.saypro\.example/);
    expect(first.stdout).toMatch(/partner\s+lerato\.partner@demo\.saypro\.example/);
    const second = await cli('src/cli/seedDemo.ts');
    expect(second.stdout).toMatch(/already seeded/);

    // The demo batch has someone at every step of automatic issuance.
    const deps = await createDeps(loadConfig(env));
    try {
      const enrolments = await deps.stores.enrolments.listEnrolments('web-101-2026-11');
      const byEmail = new Map<string, (typeof enrolments)[number]>();
      for (const e of enrolments)
        byEmail.set((await deps.stores.users.get(e.userId))!.email.split('@')[0]!, e);
      expect(byEmail.get('amahle.dlamini')).toMatchObject({ status: 'issued' });
      expect(byEmail.get('sipho.nkosi')?.certificates.map((c) => c.revokedReason ?? 'current')).toEqual([
        'superseded',
        'current',
      ]);
      expect(byEmail.get('zoe.ngcobo')).toMatchObject({
        status: 'in_progress',
        missing: ['content_approval'],
      });
      expect(byEmail.get('francois.le.roux')).toMatchObject({ status: 'waiting', waitingOn: 'consent' });
      expect(byEmail.get('naledi.mthembu')).toMatchObject({
        status: 'in_progress',
        missing: ['module:css', 'module:a11y', 'assessment:final', 'content_approval'],
      });
      const amahle = byEmail.get('amahle.dlamini')!;
      expect((await deps.stores.credentials.get(amahle.credentialId!))?.isPublic).toBe(true);
    } finally {
      await deps.stores.close();
    }
  });
});
