/**
 * The README's programme example works as written: its bash block (course, batch, event)
 * is run with curl against a running server, only the address and the key substituted,
 * and every answer is a success. A README edit that breaks it fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { startLiveServer, type LiveServer } from '../fixtures/liveServer.js';

const run = promisify(execFile);
let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(async () => {
  await server?.close();
});

/** The README's bash blocks. */
function bashBlocks(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('README', () => {
  it('the programme example (course, batch, event) runs as written and every call succeeds', async () => {
    const block = bashBlocks().find(
      (b) =>
        b.includes('/programs/courses') && b.includes('/programs/batches') && b.includes('/programs/events'),
    );
    expect(block, 'the README has the programme example').toBeDefined();
    const key = await server.testApp.keyWithScopes(['programs:manage', 'programs:events']);
    // Each curl prints its status on its own line after the body, so every answer can be checked.
    const script = block!
      .replace(/^KEY=.*$/m, '')
      .replaceAll('localhost:3000', server.baseUrl.replace('http://', ''))
      .replaceAll('curl -s ', `curl -s -w '\\nHTTP %{http_code}\\n' `);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, KEY: key },
      timeout: 30_000,
    });
    const statuses = [...stdout.matchAll(/^HTTP (\d{3})$/gm)].map((m) => Number(m[1]));
    expect(statuses, stdout).toHaveLength(3);
    for (const status of statuses) expect(status, stdout).toBeGreaterThanOrEqual(200);
    for (const status of statuses) expect(status, stdout).toBeLessThan(300);
    const enrolment = JSON.parse(stdout.split(/^HTTP \d{3}$/m)[2]!.trim());
    expect(enrolment.enrolment ?? enrolment).toMatchObject({ batchId: 'web-101-nov', status: 'in_progress' });
  });
});
