/**
 * Starts the real server (`src/index.ts`, as `npm start` does) in a child process on a
 * free loopback port with its own data and keys directories, and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A running server process. */
export interface ServerProcess {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Spawns the server and resolves once it prints that it is listening (every worker of it,
 * with `listeners`); `nodeFlags` go to node before the script (e.g. GC settings); `cpus`
 * (a taskset list such as "0") pins the server and its workers to those CPUs (benchmarks).
 */
export async function startServer(
  env: Record<string, string>,
  options: { listeners?: number; nodeFlags?: string[]; cpus?: string } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const command = [process.execPath, ...(options.nodeFlags ?? []), '--import', 'tsx', 'src/index.ts'];
  if (options.cpus) command.unshift('taskset', '-c', options.cpus);
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    cwd: new URL('../../', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    // 60 s: a worker starts in ~4 s, but a CI machine loaded by other test files once took over 30 s for the second.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const check = () => {
      if ((output.match(/listening on/g)?.length ?? 0) >= (options.listeners ?? 1)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    baseUrl,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
