/**
 * `npm run seed:demo` run twice against a temporary data directory, as a person runs it
 * (the CLI as a child process): the second run succeeds, says per item that it skipped
 * what exists, and creates nothing twice; the demo has a revoked and a replaced
 * certificate, accreditation types and a message thread. And a database where course
 * web-101 was made by hand: the seed skips it, reports what it cannot build on it, and
 * prints no stack trace.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createDeps, type AppDeps } from '../../src/deps.js';
import { createCourse } from '../../src/programs/courses.js';
import { courseInput } from '../../src/programs/programSchemas.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const dirs: string[] = [];

function freshEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'saypro-seed-'));
  dirs.push(dir);
  return {
    PATH: process.env.PATH ?? '',
    DATA_DIR: join(dir, 'data'),
    KEYS_DIR: join(dir, 'keys'),
    PASSWORD_SCRYPT_LOG_N: '10',
  };
}

async function seed(env: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/seedDemo.ts'], {
      cwd: root,
      env,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

async function withDeps<T>(env: Record<string, string>, use: (deps: AppDeps) => Promise<T>): Promise<T> {
  const deps = await createDeps(loadConfig(env));
  try {
    return await use(deps);
  } finally {
    await deps.stores.close();
  }
}

/** Counts of what the seed makes, to compare between runs. */
async function census(deps: AppDeps) {
  const users = (await deps.stores.users.list({ limit: 500, offset: 0 })).filter((u) =>
    u.email.endsWith('@demo.saypro.example'),
  );
  const enrolments = await deps.stores.enrolments.listEnrolments('web-101-2026-11');
  return {
    users: users.length,
    organisations: (await deps.stores.directory.listOrganisations()).length,
    teams: (await deps.stores.directory.listTeams()).length,
    types: (await deps.stores.accreditation.listTypes()).map((t) => t.id).sort(),
    applications: (await deps.stores.accreditation.listApplications({ limit: 50 })).length,
    enrolments: enrolments.length,
    certificates: enrolments.reduce((n, e) => n + e.certificates.length, 0),
    submissions: (await deps.stores.submissions.listSubmissions({ batchIds: ['web-101-2026-11'] })).length,
    conversations: (await deps.stores.conversations.listConversations({ limit: 50 })).length,
  };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('seed:demo', () => {
  it('runs twice: the second run skips every item, says so, and duplicates nothing', async () => {
    const env = freshEnv();
    const first = await seed(env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/course web-101 created/);
    expect(first.stdout).toMatch(/Demo seeded: \d+ items created, 0 items existed\./);
    const before = await withDeps(env, census);

    const second = await seed(env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect(second.stdout).toContain('course web-101 exists, skipped');
    expect(second.stdout).toContain('batch web-101-2026-11 exists, skipped');
    expect(second.stdout).toContain('accreditation type demo-training-provider exists, skipped');
    expect(second.stdout).toContain(
      "revocation of kagiso.molefe@demo.saypro.example's certificate exists, skipped",
    );
    expect(second.stdout).toContain(
      "replacement of sipho.nkosi@demo.saypro.example's certificate exists, skipped",
    );
    expect(second.stdout).toMatch(
      /message thread between zoe\.ngcobo@demo\.saypro\.example and thandi\.staff@demo\.saypro\.example exists, skipped/,
    );
    expect(second.stdout).toMatch(/already seeded: \d+ items existed, nothing new\./);
    expect(second.stdout).not.toMatch(/ created$/m);
    expect(await withDeps(env, census)).toEqual(before);
    expect(before).toMatchObject({
      users: 9,
      organisations: 1,
      teams: 1,
      types: ['demo-assessment-centre', 'demo-training-provider'],
      applications: 1,
      enrolments: 6,
      conversations: 1,
    });

    await withDeps(env, async (deps) => {
      const byEmail = new Map<
        string,
        Awaited<ReturnType<typeof deps.stores.enrolments.listEnrolments>>[number]
      >();
      for (const e of await deps.stores.enrolments.listEnrolments('web-101-2026-11'))
        byEmail.set((await deps.stores.users.get(e.userId))!.email.split('@')[0]!, e);
      // Replaced: the first certificate revoked as superseded, the new one issued with `supersedes`.
      const sipho = byEmail.get('sipho.nkosi')!;
      expect(sipho.certificates.map((c) => c.revokedReason ?? 'current')).toEqual(['superseded', 'current']);
      const replacement = await deps.stores.credentials.get(sipho.credentialId!);
      expect(replacement?.supersedes).toBe(sipho.certificates[0]!.credentialId);
      expect((await deps.stores.credentials.get(sipho.certificates[0]!.credentialId))?.revoked).toBe(true);
      // Revoked through the status list.
      const kagiso = byEmail.get('kagiso.molefe')!;
      expect(kagiso.status).toBe('revoked');
      expect(await deps.stores.credentials.get(kagiso.certificates[0]!.credentialId)).toMatchObject({
        revoked: true,
        statusReason: 'Assessment found to be copied',
      });
      // The thread has the participant's message and the staff answer (and, when the seed runs
      // outside office hours, the automatic out-of-hours reply between them).
      const [conversation] = await deps.stores.conversations.listConversations({ limit: 5 });
      const thread = await deps.stores.conversationMessages.listMessages(conversation!.id);
      expect(thread.filter((m) => m.kind !== 'auto').map((m) => m.authorRole)).toEqual(['user', 'staff']);
      expect(thread.filter((m) => m.kind === 'auto').every((m) => m.authorRole === 'system')).toBe(true);
    });
  });

  it('over a course web-101 made by hand: skips it, reports what it cannot build on it, no stack trace', async () => {
    const env = freshEnv();
    await withDeps(env, (deps) =>
      createCourse(
        deps.programs,
        { id: 'someone', label: 'Someone', role: 'admin' },
        courseInput.parse({
          id: 'web-101',
          title: 'Our own web course',
          description: 'Made by hand.',
          modules: [{ id: 'intro', title: 'Intro' }],
        }),
      ),
    );
    const run1 = await seed(env);
    expect(run1.stdout).toContain('course web-101 exists, skipped');
    // The hand-made course has no "final" assessment: the batch is refused with the domain's reason, the rest goes on.
    expect(run1.stdout).toMatch(/batch web-101-2026-11 not created: .*assessment "final"/);
    expect(run1.stdout).toMatch(/Demo partly seeded: \d+ items created, 1 item existed, 1 item refused/);
    expect(run1.code).toBe(1);
    expect(run1.stderr).not.toMatch(/\n\s+at /);
    expect(run1.stdout).toContain('accreditation type demo-training-provider created');
    expect(run1.stdout).toContain(
      'message thread between zoe.ngcobo@demo.saypro.example and thandi.staff@demo.saypro.example created',
    );
    const run2 = await seed(env);
    expect(run2.stderr).not.toMatch(/\n\s+at /);
    expect(run2.stdout).not.toMatch(/ created$/m);
    expect(run2.code).toBe(run1.code);
  });
});
