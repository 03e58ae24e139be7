/**
 * The start-up warning for wallet offers on an http PUBLIC_URL (OpenID4VCI requires an
 * https credential issuer): the real server (`src/index.ts`) started in a child process,
 * its output read. An http PUBLIC_URL, localhost included, is warned about once; an https
 * one is not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type ServerProcess } from '../e2e/serverProcess.js';

const WARNING =
  /PUBLIC_URL (\S+) is not https\. OpenID4VCI requires an https credential issuer, so wallets will refuse .*set PUBLIC_URL=https:\/\//;

let server: ServerProcess | undefined;
let dir: string | undefined;

async function startWith(publicUrl: string): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'saypro-warning-'));
  server = await startServer({
    DATA_DIR: join(dir, 'data'),
    KEYS_DIR: join(dir, 'keys'),
    PUBLIC_URL: publicUrl,
  });
  return server.output();
}

afterEach(async () => {
  await server?.stop();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the start-up warning about http wallet offers', () => {
  it('is logged once, naming the URL and the fix, when PUBLIC_URL is http', async () => {
    const output = await startWith('http://certs.example.org');
    expect(output).toMatch(WARNING);
    expect(output.match(new RegExp(WARNING, 'g'))).toHaveLength(1);
    expect(output.match(WARNING)![1]).toBe('http://certs.example.org');
  }, 60_000);

  it('is logged for an http localhost PUBLIC_URL too (wallets refuse it just the same)', async () => {
    expect(await startWith('http://localhost:3000')).toMatch(WARNING);
  }, 60_000);

  it('is not logged when PUBLIC_URL is https', async () => {
    const output = await startWith('https://certs.example.org');
    expect(output).toContain('listening on');
    expect(output).not.toMatch(/is not https/);
  }, 60_000);
});
