/**
 * The sparkline's geometry and text: points scale into the box (first at the left, last at
 * the right, the highest at the top, zero at the bottom), a flat or empty series and a
 * single point draw sensibly, and the rendered SVG carries its title beside a hidden
 * sentence a screen reader reads.
 */
import { describe, expect, it } from 'vitest';
import {
  Sparkline,
  SPARKLINE_HEIGHT,
  SPARKLINE_WIDTH,
  sparklineGeometry,
  sparklineText,
} from '../../src/http/views/sparkline.js';

const W = SPARKLINE_WIDTH;
const H = SPARKLINE_HEIGHT;

describe('sparklineGeometry', () => {
  it('scales the points into the box: left to right, the highest value at the top, zero at the bottom', () => {
    const { points, last } = sparklineGeometry([0, 5, 10, 5]);
    expect(points).toHaveLength(4);
    const xs = points.map(([x]) => x);
    const ys = points.map(([, y]) => y);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(W);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(H);
    }
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(W * 0.9);
    expect(ys[2]).toBe(Math.min(...ys)); // 10: the top
    expect(ys[0]).toBe(Math.max(...ys)); // 0: the bottom
    expect(ys[1]).toBeCloseTo((ys[0]! + ys[2]!) / 2, 1); // 5: half way
    expect(ys[3]).toBe(ys[1]);
    expect(last).toEqual(points[3]);
  });

  it('keeps zero as the baseline, so small counts do not look like big swings', () => {
    const [a, b] = sparklineGeometry([9, 10]).points;
    expect(b![1]).toBeLessThan(a![1]);
    expect(a![1] - b![1]).toBeLessThan(H / 5);
  });

  it('draws a flat series of zeros along the bottom and a flat positive one along the top', () => {
    const zeros = sparklineGeometry([0, 0, 0]).points.map(([, y]) => y);
    expect(new Set(zeros).size).toBe(1);
    expect(zeros[0]).toBeGreaterThan(H * 0.8);
    const fours = sparklineGeometry([4, 4, 4]).points.map(([, y]) => y);
    expect(new Set(fours).size).toBe(1);
    expect(fours[0]).toBeLessThan(H * 0.2);
  });

  it('has no points for an empty series, and one centred point for a single value', () => {
    expect(sparklineGeometry([])).toEqual({ points: [] });
    const one = sparklineGeometry([3]);
    expect(one.points).toHaveLength(1);
    expect(one.points[0]![0]).toBe(W / 2);
    expect(one.last).toEqual(one.points[0]);
  });

  it('treats values that are not numbers as zero rather than drawing NaN', () => {
    const { points } = sparklineGeometry([Number.NaN, 2, Number.POSITIVE_INFINITY]);
    expect(points.flat().every(Number.isFinite)).toBe(true);
  });
});

describe('sparklineText', () => {
  it('says the range and the total', () => {
    expect(sparklineText([0, 12, 35], 'Last 30 days')).toBe('Last 30 days: 0 to 35 a day, 47 in total.');
    expect(sparklineText([0, 0], 'Last 30 days')).toBe('Last 30 days: 0 every day, 0 in total.');
    expect(sparklineText([], 'Last 30 days')).toBe('Last 30 days: no data.');
  });
});

describe('Sparkline', () => {
  it('renders an SVG with a title, hidden from screen readers, and the same facts as hidden text', () => {
    const html = String(
      Sparkline({ values: [1, 3, 2], title: 'Certificates issued per day', period: 'Last 3 days' }),
    );
    expect(html).toMatch(
      /^<svg class="sparkline" width="120" height="32" viewBox="0 0 120 32" aria-hidden="true" focusable="false">/,
    );
    expect(html).toContain(
      '<title>Certificates issued per day. Last 3 days: 1 to 3 a day, 6 in total.</title>',
    );
    expect(html).toMatch(/<polyline points="[\d., ]+" fill="none" stroke="currentColor"/);
    expect(html).toContain('<span class="visually-hidden">Last 3 days: 1 to 3 a day, 6 in total.</span>');
    expect(html).not.toContain('NaN');
  });

  it('renders a lone dot for one value and nothing for none', () => {
    const one = String(Sparkline({ values: [5], title: 'T', period: 'Today' }));
    expect(one).not.toContain('<polyline');
    expect(one).toContain('<circle cx="60"');
    expect(String(Sparkline({ values: [], title: 'T', period: 'P' }) ?? '')).toBe('');
  });
});
