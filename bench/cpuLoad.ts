/**
 * How much of the machine was ours during a measurement. On a small shared machine a
 * compiler or test run in another process can take a whole core, which halves a
 * two-worker batch while barely touching a one-thread run. Comparing the machine's busy
 * time (os.cpus()) with this process's own CPU time (process.cpuUsage, all threads) tells
 * such a run apart from a real scaling problem, so the report can flag it. The I/O meter
 * (Linux /proc/self/io) shows how many bytes the SQLite writers pushed to the disk.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** A measurement's CPU accounting, as shares of the machine's capacity (cores x wall). */
export interface CpuLoad {
  /** Share of capacity used by anything. */
  busy: number;
  /** Share used by this process (main thread, workers, GC and libuv threads). */
  ours: number;
  /** Share used by other processes (busy minus ours, never below 0). */
  foreign: number;
}

function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** Starts metering; the returned function ends it and reports the shares. */
export function meterCpu(): () => CpuLoad {
  const machine = machineTimes();
  const process0 = process.cpuUsage();
  return () => {
    const m = machineTimes();
    const p = process.cpuUsage(process0);
    const total = m.total - machine.total;
    if (total <= 0) return { busy: 0, ours: 0, foreign: 0 };
    const busy = (m.busy - machine.busy) / total;
    const ours = Math.min(1, (p.user + p.system) / 1000 / total);
    return { busy, ours, foreign: Math.max(0, busy - ours) };
  };
}

/** Whether other processes took enough of the machine to distort a comparison. */
export function isContaminated(load: CpuLoad, threshold = 0.1): boolean {
  return load.foreign > threshold;
}

/** Formats a load as `ours 97% / other 2%`. */
export function fmtLoad(load: CpuLoad): string {
  return `ours ${(load.ours * 100).toFixed(0)}% / other ${(load.foreign * 100).toFixed(0)}%`;
}

/** Bytes this process wrote: through write() calls, and as far as the block layer. */
export interface IoBytes {
  written: number;
  toDisk: number;
}

function readIo(): IoBytes | undefined {
  try {
    const fields = Object.fromEntries(
      readFileSync('/proc/self/io', 'utf8')
        .trim()
        .split('\n')
        .map((line) => {
          const [key, value] = line.split(':');
          return [key!.trim(), Number(value)];
        }),
    );
    return { written: fields.wchar ?? 0, toDisk: fields.write_bytes ?? 0 };
  } catch {
    return undefined;
  }
}

/** Starts metering I/O; the returned function ends it (undefined where /proc is missing). */
export function meterIo(): () => IoBytes | undefined {
  const start = readIo();
  return () => {
    const end = readIo();
    if (!start || !end) return undefined;
    return { written: end.written - start.written, toDisk: end.toDisk - start.toDisk };
  };
}
