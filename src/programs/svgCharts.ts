/**
 * Charts for the programme reports. The bar chart itself is the shared one in
 * src/reports/svgCharts.ts (self-contained SVG: role="img", a <title> on the chart and on
 * every bar, no script, font file or stylesheet, every label XML-escaped, deterministic);
 * it is re-exported here so programme code has one place to import its charts from, and
 * this file adds what only programmes need: the 1..5 rating histogram.
 */
import { barChartSvg, type BarChart } from '../reports/svgCharts.js';

export { barChartSvg, escapeXml, type BarChart } from '../reports/svgCharts.js';

/** Options of the rating histogram. */
export interface RatingHistogramOptions {
  title?: string;
  width?: number;
  height?: number;
}

/** The five rating values, in order. */
const RATINGS = [1, 2, 3, 4, 5] as const;

/** A count fit to draw: a whole number of zero or more (anything else is drawn as 0). */
const drawable = (n: number | undefined) =>
  n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;

/**
 * The chart input of the rating histogram: exactly five bars, "1 star" to "5 stars", from
 * a distribution whose index 0 counts the 1-star ratings (ProgramReport.feedback
 * .distribution). Missing buckets are 0 and extra ones ignored, so a malformed
 * distribution still draws five bars and never NaN.
 */
export function ratingHistogramChart(
  distribution: readonly number[],
  options: RatingHistogramOptions = {},
): BarChart {
  return {
    title: options.title ?? 'Participant ratings (1 = poor, 5 = excellent)',
    labels: RATINGS.map((r) => (r === 1 ? '1 star' : `${r} stars`)),
    series: [{ name: 'ratings', values: RATINGS.map((r) => drawable(distribution[r - 1])) }],
    width: options.width ?? 360,
    ...(options.height !== undefined ? { height: options.height } : {}),
  };
}

/** The 1..5 rating distribution as a histogram SVG string (safe to inline: all text is escaped). */
export function ratingHistogramSvg(
  distribution: readonly number[],
  options: RatingHistogramOptions = {},
): string {
  return barChartSvg(ratingHistogramChart(distribution, options));
}
