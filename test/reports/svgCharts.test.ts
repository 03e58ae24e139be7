/**
 * The report charts: bar count and heights read back from the SVG, escaping of every
 * label, the accessibility parts, no external anything, balanced tags, all-zero data, a
 * single bar, determinism.
 */
import { describe, expect, it } from 'vitest';
import { barChartSvg, type BarChart } from '../../src/reports/svgCharts.js';

const HOSTILE = '<script>&"';

/** A two-bar chart; the default size gives a plot 172 units high. */
function chart(extra: Partial<BarChart> = {}): BarChart {
  return {
    title: 'Issued per month',
    labels: ['2026-01', '2026-02'],
    series: [{ name: 'issued', values: [3, 7] }],
    ...extra,
  };
}

/** The bars: rects with a <title> tooltip (legend swatches have none). */
function bars(svg: string): { x: number; y: number; height: number; tip: string }[] {
  return [
    ...svg.matchAll(
      /<rect x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"[^>]*><title>([^<]*)<\/title><\/rect>/g,
    ),
  ].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    height: Number(m[3]),
    tip: m[4]!,
  }));
}

/** Every tag name used, and whether open and close tags balance. */
function structure(svg: string): { names: Set<string>; balanced: boolean } {
  const stack: string[] = [];
  const names = new Set<string>();
  let balanced = true;
  for (const [, close, name, , selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)([^>]*?)(\/?)>/g)) {
    names.add(name!);
    if (selfClosing) continue;
    if (!close) stack.push(name!);
    else if (stack.pop() !== name) balanced = false;
  }
  return { names, balanced: balanced && stack.length === 0 };
}

describe('barChartSvg', () => {
  it('draws one bar per value, scaled to a nice axis maximum', () => {
    const svg = barChartSvg(chart());
    expect(bars(svg)).toEqual([
      { x: expect.any(Number), y: 148.4, height: 51.6, tip: 'issued, 2026-01: 3' },
      { x: expect.any(Number), y: 79.6, height: 120.4, tip: 'issued, 2026-02: 7' },
    ]);
    expect(svg).toContain('>10</text>');
    expect(svg).toContain('>0</text>');
    expect(svg).toContain('>2026-01</text>');
  });

  it('is an accessible, self-contained image with balanced tags', () => {
    const svg = barChartSvg(chart());
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img"[^>]*><title>Issued per month<\/title>/,
    );
    const { names, balanced } = structure(svg);
    expect(balanced).toBe(true);
    expect([...names].sort()).toEqual(['line', 'rect', 'svg', 'text', 'title']);
    expect(svg).not.toMatch(/href|url\(|@import|<style|<script|<foreignObject|\son[a-z]+=/i);
  });

  it('escapes the title, labels and series names', () => {
    const svg = barChartSvg(
      chart({
        title: `Title ${HOSTILE}`,
        labels: [`L ${HOSTILE}`, 'b'],
        series: [
          { name: `S ${HOSTILE}`, values: [1, 2] },
          { name: 'two', values: [2, 1] },
        ],
      }),
    );
    expect(svg).not.toContain('<script');
    expect(svg).toContain('<title>Title &lt;script&gt;&amp;&quot;</title>');
    expect(svg).toContain('aria-label="Title &lt;script&gt;&amp;&quot;"');
    expect(svg).toContain('>L &lt;script&gt;&amp;&quot;</text>');
    expect(svg).toContain('>S &lt;script&gt;&amp;&quot;</text>');
    expect(bars(svg)[0]!.tip).toBe('S &lt;script&gt;&amp;&quot;, L &lt;script&gt;&amp;&quot;: 1');
    expect(structure(svg).balanced).toBe(true);
  });

  it('draws two series side by side, with a legend', () => {
    const svg = barChartSvg(
      chart({
        series: [
          { name: 'issued', values: [3, 7] },
          { name: 're-issued', values: [1, 0] },
        ],
      }),
    );
    expect(bars(svg).map((b) => b.tip)).toEqual([
      'issued, 2026-01: 3',
      're-issued, 2026-01: 1',
      'issued, 2026-02: 7',
      're-issued, 2026-02: 0',
    ]);
    expect(svg).toContain('>re-issued</text>');
  });

  it('handles all-zero data and a single bar without NaN', () => {
    const zero = barChartSvg(chart({ series: [{ name: 'issued', values: [0, 0] }] }));
    expect(bars(zero).map((b) => b.height)).toEqual([0, 0]);
    expect(zero).not.toMatch(/NaN|Infinity/);
    const single = barChartSvg(chart({ labels: ['Only'], series: [{ name: 'issued', values: [4] }] }));
    expect(bars(single).map((b) => b.height)).toEqual([137.6]);
    expect(single).not.toMatch(/NaN|Infinity/);
    expect(barChartSvg(chart({ labels: [], series: [] }))).not.toMatch(/NaN|Infinity|<rect/);
  });

  it('gives the same output for the same input', () => {
    expect(barChartSvg(chart())).toBe(barChartSvg(chart()));
  });

  it('cuts a label longer than its group with an ellipsis; the bar keeps the full label', () => {
    const long = 'Introduction to Accessible Web Development';
    const labels = [long, 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const svg = barChartSvg(chart({ labels, series: [{ name: 'issued', values: labels.map(() => 1) }] }));
    // 8 groups in a 640-wide chart: 73.5 px each, room for 11 characters with the ellipsis.
    expect(svg).toContain('>Introducti…</text>');
    expect(svg).toContain(`<title>issued, ${long}: 1</title>`);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 640 240"/);
  });
});
