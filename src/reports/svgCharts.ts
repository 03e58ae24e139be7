/**
 * Small bar charts as self-contained SVG for the report dashboards: no script, no
 * external font or style, every label XML-escaped, a <title> on the chart and on each bar
 * (screen readers and hover tooltips), and the same output for the same input.
 */

/** A chart: labels along the bottom, one or more series of values. */
export interface BarChart {
  title: string;
  labels: string[];
  series: { name: string; values: number[] }[];
  width?: number;
  height?: number;
}

const COLOURS = ['#0b3a6e', '#f0a500', '#2e7d32', '#8e24aa'];

/** Escapes text for XML content and attribute values. */
function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** A "nice" axis maximum at or above `max` (1, 2 or 5 times a power of ten). */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((f) => f * power).find((v) => v >= max) ?? 10 * power;
}

/**
 * A label cut to the width of its group (about 6.5 px a character at the chart's 11 px
 * font) with an ellipsis, so long course titles do not run into each other; the full label
 * stays in each bar's <title> and in the table the pages show beside the chart.
 */
function fitLabel(label: string, groupWidth: number): string {
  const chars = Math.max(3, Math.floor(groupWidth / 6.5));
  return label.length > chars ? `${label.slice(0, chars - 1)}…` : label;
}

/**
 * Renders a grouped bar chart. It has a viewBox, so a page can scale it to its column
 * (styles.css: `.chart svg { max-width: 100%; height: auto }`) and it stays whole on a phone.
 */
export function barChartSvg(chart: BarChart): string {
  const width = chart.width ?? 640;
  const height = chart.height ?? 240;
  const pad = { top: 28, right: 12, bottom: 40, left: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = niceMax(Math.max(0, ...chart.series.flatMap((s) => s.values)));
  const groupW = plotW / Math.max(1, chart.labels.length);
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, chart.series.length));
  const title = escapeXml(chart.title);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}" font-family="sans-serif" font-size="11">`,
    `<title>${title}</title>`,
    `<text x="${pad.left}" y="16" font-size="13" font-weight="bold">${title}</text>`,
    `<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}" stroke="#888"/>`,
    `<text x="${pad.left - 6}" y="${pad.top + 4}" text-anchor="end">${max}</text>`,
    `<text x="${pad.left - 6}" y="${pad.top + plotH}" text-anchor="end">0</text>`,
  ];
  chart.labels.forEach((label, i) => {
    const groupX = pad.left + i * groupW + groupW * 0.1;
    chart.series.forEach((series, s) => {
      const value = series.values[i] ?? 0;
      const h = (value / max) * plotH;
      const x = (groupX + s * barW).toFixed(1);
      const y = (pad.top + plotH - h).toFixed(1);
      const tip = escapeXml(`${series.name}, ${label}: ${value}`);
      parts.push(
        `<rect x="${x}" y="${y}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[s % COLOURS.length]}"><title>${tip}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${(pad.left + (i + 0.5) * groupW).toFixed(1)}" y="${pad.top + plotH + 14}" text-anchor="middle">${escapeXml(fitLabel(label, groupW))}</text>`,
    );
  });
  if (chart.series.length > 1) {
    chart.series.forEach((series, s) => {
      const x = pad.left + s * 120;
      parts.push(
        `<rect x="${x}" y="${height - 12}" width="10" height="10" fill="${COLOURS[s % COLOURS.length]}"/><text x="${x + 14}" y="${height - 3}">${escapeXml(series.name)}</text>`,
      );
    });
  }
  parts.push('</svg>');
  return parts.join('');
}
