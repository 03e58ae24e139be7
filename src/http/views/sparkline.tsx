/**
 * A sparkline: a small inline line chart of a series (one point per day on the dashboard),
 * drawn on the server as SVG, no script. The geometry is a pure function so it can be
 * tested on its own. Counts start at zero: the baseline is 0 (or the lowest value when
 * one is negative), so a flat line of zeros lies on the bottom, not in the middle.
 *
 * The picture is decorative for assistive technology (aria-hidden, its <title> a tooltip
 * for the mouse); the same facts are in a visually hidden sentence beside it, so a screen
 * reader reads them once, as text.
 */

export const SPARKLINE_WIDTH = 120;
export const SPARKLINE_HEIGHT = 32;
/** Room for the stroke and the end dot, so neither is cut at the edges. */
const PAD = 3;

export interface SparklineGeometry {
  /** `x,y` pairs for a polyline, one per value; empty for an empty series. */
  points: [number, number][];
  /** The last point (drawn as a dot); absent for an empty series. */
  last?: [number, number];
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Where each value goes in a `width` x `height` box (y grows downwards, as in SVG). */
export function sparklineGeometry(
  values: number[],
  width = SPARKLINE_WIDTH,
  height = SPARKLINE_HEIGHT,
): SparklineGeometry {
  const finite = values.map((v) => (Number.isFinite(v) ? v : 0));
  if (finite.length === 0) return { points: [] };
  const low = Math.min(0, ...finite);
  const high = Math.max(...finite);
  const span = high - low;
  const innerW = width - 2 * PAD;
  const innerH = height - 2 * PAD;
  const step = finite.length > 1 ? innerW / (finite.length - 1) : 0;
  const points = finite.map((v, i): [number, number] => [
    round(finite.length > 1 ? PAD + i * step : width / 2),
    // A flat series (span 0) can only be all zeros here, since the baseline is at most 0: the bottom.
    round(span === 0 ? height - PAD : PAD + innerH * (1 - (v - low) / span)),
  ]);
  return { points, last: points.at(-1)! };
}

/** The sentence that says what the line shows: "Last 30 days: 0 to 12 a day, 47 in total." */
export function sparklineText(values: number[], period: string): string {
  if (values.length === 0) return `${period}: no data.`;
  const low = Math.min(...values);
  const high = Math.max(...values);
  const total = values.reduce((a, b) => a + b, 0);
  const range = low === high ? `${low} every day` : `${low} to ${high} a day`;
  return `${period}: ${range}, ${total} in total.`;
}

/** The chart and its text alternative; nothing for an empty series. */
export function Sparkline({ values, title, period }: { values: number[]; title: string; period: string }) {
  const { points, last } = sparklineGeometry(values);
  if (!last) return null;
  const text = sparklineText(values, period);
  return (
    <>
      <svg
        class="sparkline"
        width={SPARKLINE_WIDTH}
        height={SPARKLINE_HEIGHT}
        viewBox={`0 0 ${SPARKLINE_WIDTH} ${SPARKLINE_HEIGHT}`}
        aria-hidden="true"
        focusable="false"
      >
        <title>{`${title}. ${text}`}</title>
        {points.length > 1 ? (
          <polyline
            points={points.map(([x, y]) => `${x},${y}`).join(' ')}
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linejoin="round"
            stroke-linecap="round"
          />
        ) : null}
        <circle cx={last[0]} cy={last[1]} r="2.5" fill="currentColor" />
      </svg>
      <span class="visually-hidden">{text}</span>
    </>
  );
}
