/**
 * Building what the benchmarks run against: the app's own deps (createDeps) over a temp
 * directory, offline (a foreign fetch is an error), and a plain, once-imported key pair
 * for the library baselines. The main thread and every worker call the same function
 * over the same directory, so all of them share one SQLite file and one key ring.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { loadConfig } from '../src/config.js';
import { createDeps, type AppDeps } from '../src/deps.js';
import { KEY_RING_FILE, type KeyRingFile } from '../src/credentials/keyRing.js';

/** The public URL of the benched service (localhost, so the issuer is a did:key). */
export const BENCH_PUBLIC_URL = 'http://localhost:3000';

/** Creates the bench's temp root (keys/ and data/ live under it), in `parent` or the OS temp dir. */
export function makeBenchRoot(parent = os.tmpdir()): Promise<string> {
  return mkdtemp(join(parent, 'saypro-bench-'));
}

/** Removes the temp root and everything in it. */
export function removeBenchRoot(root: string): Promise<void> {
  return rm(root, { recursive: true, force: true });
}

/** createDeps over `root`, exactly as the server builds them, but with no network. */
export function createBenchDeps(root: string): Promise<AppDeps> {
  const config = loadConfig({
    DATA_DIR: join(root, 'data'),
    KEYS_DIR: join(root, 'keys'),
    PUBLIC_URL: BENCH_PUBLIC_URL,
    NODE_ENV: 'production',
  });
  return createDeps(config, {
    fetchJson: async (url) => {
      throw new Error(`the benchmark is offline: refusing to fetch ${url}`);
    },
  });
}

/**
 * The issuer's signing key imported once, independently of src/ (the "plain library
 * call" baseline must not benefit from, or pay for, anything our code does).
 */
export async function importSigningKey(root: string, did: string): Promise<Ed25519MultikeyKeyPair> {
  const ring = JSON.parse(await readFile(join(root, 'keys', KEY_RING_FILE), 'utf8')) as KeyRingFile;
  const key = ring.keys[ring.keys.length - 1]!;
  return Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id: `${did}#${key.publicKeyMultibase}`,
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
}

/** The machine the figures were measured on. */
export interface MachineInfo {
  cpus: number;
  model: string;
  node: string;
  platform: string;
  memoryGb: number;
}

/** Describes this machine (cores, CPU model, Node version, OS). */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
  };
}

/** Reads a positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

/**
 * The commit measured and whether src/ differed from it, read with git commands that
 * never write (GIT_OPTIONAL_LOCKS=0 stops even the opportunistic index refresh).
 */
export function sourceState(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      encoding: 'utf8',
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('diff', '--name-only', 'HEAD', '--', 'src').split('\n').filter(Boolean).length;
    return dirty ? `${head} + uncommitted changes to ${dirty} tracked src file(s)` : head;
  } catch {
    return 'unknown (no git)';
  }
}

/** `path (fstype)` from /proc/mounts (the longest mount point containing it), or the path. */
export function describeFs(path: string): string {
  try {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    const best = mounts
      .filter(
        ([, mountPoint]) =>
          mountPoint && (path === mountPoint || path.startsWith(mountPoint === '/' ? '/' : `${mountPoint}/`)),
      )
      .sort((a, b) => b[1]!.length - a[1]!.length)[0];
    return best ? `${path} (${best[2]} on ${best[0]})` : path;
  } catch {
    return path;
  }
}
