/**
 * Progress for a bulk command: on a terminal one line redrawn in place (bar, count,
 * percent, rate, time left); otherwise (CI logs, pipes) a line at every 10% and at the
 * end, so logs stay short. Counts each outcome for the closing summary.
 */

/** Where progress is written: a stream, possibly a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** A running progress display. */
export interface Progress {
  tick(outcome: string): void;
  done(): void;
  summary(): Record<string, number>;
}

const WIDTH = 24;

/** Starts a progress display for `total` items. */
export function createProgress(options: {
  total: number;
  label: string;
  stream?: ProgressStream;
  now?: () => number;
}): Progress {
  const { total, label } = options;
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const counts: Record<string, number> = {};
  let done = 0;
  let lastDecile = 0;

  const line = () => {
    const fraction = total > 0 ? done / total : 1;
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? Math.ceil((total - done) / rate) : undefined;
    const filled = Math.round(fraction * WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
    return `${label} ${bar} ${done}/${total} ${Math.floor(fraction * 100)}% ${rate.toFixed(1)}/s${left !== undefined && done < total ? ` ~${left}s left` : ''}`;
  };

  return {
    tick(outcome) {
      done++;
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      if (stream.isTTY) {
        stream.write(`\r${line()}`);
        return;
      }
      const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (decile > lastDecile && done < total) {
        lastDecile = decile;
        stream.write(`${line()}\n`);
      }
    },
    done() {
      stream.write(stream.isTTY ? `\r${line()}\n` : `${line()}\n`);
    },
    summary: () => ({ ...counts }),
  };
}
