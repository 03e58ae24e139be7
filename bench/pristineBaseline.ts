/**
 * The parent side of the pristine-library baseline (bench/pristineLibrary.mjs). Our src/
 * switches on a faster jsonld context handling inside createDeps, so a library call made in
 * this process is faster than what a user of @digitalbazaar/vc gets. The baseline therefore
 * runs in a child process that never imports src/, started with the same V8 GC flag and
 * pinned with taskset to one CPU; this process (every thread) is pinned to the same CPU for
 * as long as the child lives, and the two take turns: the parent asks for a round of X ms,
 * waits while the child works, then runs its own rounds. Both sides thus share one core,
 * its caches and its frequency, and only one of them works at a time.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import type { CpuLoad } from './cpuLoad.js';
import type { Sample } from './stats.js';

/**
 * The CPU both processes run on during sections 1 and 2: the idlest one over a short
 * sample, since on a shared machine another benchmark may hold a CPU pinned (the render
 * and HTTP sections use CPU 0).
 */
async function idlestCpu(sampleMs = 300): Promise<number> {
  const busy = () => os.cpus().map(({ times: t }) => t.user + t.nice + t.sys + t.irq);
  const before = busy();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const used = busy().map((b, i) => b - (before[i] ?? 0));
  return used.indexOf(Math.min(...used));
}

const SCRIPT = fileURLToPath(new URL('./pristineLibrary.mjs', import.meta.url));

type Reply = { type: string; [key: string]: unknown };

/** What the child does before its timed rounds (see pristineLibrary.mjs). */
type Preparation =
  | { kind: 'issue'; suite: string; template: Record<string, unknown>; warmupMs: number }
  | { kind: 'verify'; suite: string; pool: Record<string, unknown>[]; warmupMs: number };

/** A running pristine-library process. */
export interface Pristine {
  /** Where the two processes ran, for the table notes. */
  placement: string;
  /** The child's CPU time (ms) over all its rounds so far, to keep it out of "other procs". */
  cpuMs: number;
  /** Throws, naming `what`, unless the untouched library verifies the credential. */
  expectVerifies(credential: unknown, what: string): Promise<void>;
  /** Sets up the child's operation and warms it up; for `issue`, returns a credential it signed. */
  prepare(preparation: Preparation): Promise<Record<string, unknown> | undefined>;
  /** One timed round in the child. */
  round(ms: number): Promise<Sample>;
}

function request(child: ChildProcess, message: Record<string, unknown>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (reply: Reply) => {
      cleanup();
      if (reply.type === 'failed') reject(new Error(`pristine baseline process: ${String(reply.message)}`));
      else resolve(reply);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(
        new Error(`the pristine baseline process exited (${code ?? signal}) while asked "${message.type}"`),
      );
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(message);
  });
}

/** Pins every thread of this process to `cpu`; returns how to undo it, or why it could not. */
function pinSelf(cpu: number): { restore: () => void } | { error: string } {
  const pid = String(process.pid);
  try {
    const mask = /mask:\s*([0-9a-f,]+)/i.exec(
      execFileSync('taskset', ['-p', pid], { encoding: 'utf8' }),
    )?.[1];
    if (!mask) return { error: 'could not read the CPU affinity' };
    execFileSync('taskset', ['-a', '-c', '-p', String(cpu), pid], { stdio: 'ignore' });
    return { restore: () => execFileSync('taskset', ['-a', '-p', mask, pid], { stdio: 'ignore' }) };
  } catch (error) {
    return { error: `taskset unavailable: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Starts the child (pinned when `cpu` is given) and hands it the key pair; the child never prints it. */
export async function startPristine(
  keyPair: Ed25519MultikeyKeyPair,
  cpu?: number,
): Promise<{ pristine: Pristine; close: () => Promise<void> }> {
  // The same GC set-up as this process (npm run bench passes --single-threaded-gc), no tsx
  // loader and no NODE_OPTIONS: plain Node running plain JavaScript.
  const flags = process.execArgv.filter((a) => a === '--single-threaded-gc');
  const node = [process.execPath, ...flags, SCRIPT];
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(
    cpu === undefined ? node[0]! : 'taskset',
    cpu === undefined ? node.slice(1) : ['-c', String(cpu), ...node],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env,
    },
  );
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send({ type: 'exit' });
    else child.kill();
    await exited;
  };
  try {
    const key = await keyPair.export({ publicKey: true, secretKey: true, includeContext: true });
    await request(child, { type: 'init', key });
  } catch (error) {
    await close();
    throw error;
  }
  const pristine: Pristine = {
    placement: '',
    cpuMs: 0,
    async expectVerifies(credential, what) {
      const reply = await request(child, { type: 'verifyOnce', credential });
      if (!reply.verified)
        throw new Error(
          `The pristine library (own process, own contexts and key) rejected ${what}: ${String(reply.error)}. ` +
            'Its contexts or key differ from ours, so its figures would not be a baseline.',
        );
    },
    async prepare(preparation) {
      const reply = await request(child, { type: 'prepare', ...preparation });
      return reply.sample as Record<string, unknown> | undefined;
    },
    async round(ms) {
      const reply = (await request(child, { type: 'round', ms })) as unknown as Sample & { cpuMs: number };
      pristine.cpuMs += reply.cpuMs;
      return { ops: reply.ops, ms: reply.ms, latencies: reply.latencies };
    },
  };
  return { pristine, close };
}

/**
 * Runs `fn` with a pristine process, this process and the child pinned to the same CPU
 * (unpinned, and said so in `placement`, where taskset is missing); then ends the child and
 * gives this process back its former CPUs.
 */
export async function withPristine<T>(
  keyPair: Ed25519MultikeyKeyPair,
  fn: (pristine: Pristine) => Promise<T>,
): Promise<T> {
  const cpu = await idlestCpu();
  const pin = pinSelf(cpu);
  const pinned = 'restore' in pin;
  try {
    const { pristine, close } = await startPristine(keyPair, pinned ? cpu : undefined);
    pristine.placement = pinned
      ? `both processes pinned to CPU ${cpu}, the idlest at the start (taskset), taking turns`
      : `NOT PINNED (${pin.error}): the processes may have run on different CPUs`;
    try {
      return await fn(pristine);
    } finally {
      await close();
    }
  } finally {
    if (pinned) pin.restore();
  }
}

/** A load metered in this process, with the child's CPU time moved from "other" to "ours". */
export function withChildCpu(load: CpuLoad, childCpuMs: number, wallMs: number): CpuLoad {
  const share = wallMs > 0 ? childCpuMs / (wallMs * os.cpus().length) : 0;
  return {
    busy: load.busy,
    ours: Math.min(1, load.ours + share),
    foreign: Math.max(0, load.foreign - share),
  };
}
