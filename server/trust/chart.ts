/**
 * The score-over-time chart, rendered on the server as an SVG string: no script, no inline
 * style (the CSP forbids both) — presentation attributes draw it, CSS classes may restyle it.
 * Pure: points in, markup out. Accessible as one image with a title and a description; the page
 * adds a table of the same values for screen readers.
 *
 * Scores live on 0..100, so the y axis is fixed to that range: a chart that rescaled to the data
 * would make 62 → 64 look like a leap.
 */

import { type ChartSize, emptyNotice, escapeXml, horizontalGrid, labelledIndexes as evenlyLabelled, svgOpen, svgNumber as n } from '../shared/svg.js';

export type { ChartSize };

/** One point on the x axis; `value` null = no evidence yet at that time (a gap, never 0). */
export type ChartPoint = { label: string; value: number | null };

export type ChartText = {
  /** Prefix for the element ids that tie the title and description to the image. */
  id: string;
  title: string;
  description: string;
  /** Shown inside the frame when no point has a value. */
  empty: string;
};

/** viewBox units; the image scales to its box, so these set proportions and the font's relative size. */
export const CHART_SIZE: ChartSize = { width: 320, height: 180, top: 10, right: 12, bottom: 26, left: 30 };

export const Y_TICKS = [0, 25, 50, 75, 100] as const;
/** More month labels than this would overlap on a phone. */
export const MAX_X_LABELS = 5;

const COLOURS = { line: '#a84b25', grid: '#e4ddd3', text: '#57606a' } as const;

export type Scales = { x(index: number): number; y(value: number): number };

/** Point i of `count` evenly across the plot; a single point sits in the middle. Values clamp to 0..100. */
export function chartScales(count: number, size: ChartSize = CHART_SIZE): Scales {
  const left = size.left;
  const right = size.width - size.right;
  const top = size.top;
  const bottom = size.height - size.bottom;
  return {
    x: (index) => (count <= 1 ? (left + right) / 2 : left + (index * (right - left)) / (count - 1)),
    y: (value) => bottom - (Math.min(Math.max(value, 0), 100) / 100) * (bottom - top),
  };
}

/** Runs of consecutive points with a value: each run is one stretch of line, gaps stay empty. */
export function chartRuns(points: readonly ChartPoint[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  points.forEach((point, index) => {
    if (point.value === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push(index);
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Which points get an x label: evenly spaced, at most MAX_X_LABELS, always the last (now). */
export function labelledIndexes(count: number, max: number = MAX_X_LABELS): number[] {
  return evenlyLabelled(count, max);
}

export function renderScoreChart(points: readonly ChartPoint[], text: ChartText, size: ChartSize = CHART_SIZE): string {
  const { x, y } = chartScales(points.length, size);
  const left = size.left;
  const out: string[] = [
    ...svgOpen('trust-chart', size, text),
    ...horizontalGrid('trust-chart__grid', Y_TICKS.map(y), size, COLOURS.grid),
    `<g class="trust-chart__labels" fill="${COLOURS.text}" font-size="11">`,
    ...Y_TICKS.map((tick) => `<text x="${left - 6}" y="${n(y(tick))}" text-anchor="end" dominant-baseline="middle">${tick}</text>`),
    ...labelledIndexes(points.length).map(
      (i) => `<text x="${n(x(i))}" y="${size.height - 8}" text-anchor="${anchor(i, points.length)}">${escapeXml(points[i]!.label)}</text>`,
    ),
    '</g>',
  ];
  const runs = chartRuns(points);
  if (runs.length === 0) {
    out.push(emptyNotice('trust-chart__empty', text.empty, size, { colour: COLOURS.text, fontSize: 13 }));
  }
  for (const run of runs.filter((r) => r.length > 1)) {
    const d = run.map((i, k) => `${k === 0 ? 'M' : 'L'}${n(x(i))} ${n(y(points[i]!.value!))}`).join(' ');
    out.push(`<path class="trust-chart__line" d="${d}" fill="none" stroke="${COLOURS.line}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`);
  }
  const dots = runs.flat();
  if (dots.length > 0) {
    out.push(`<g class="trust-chart__dots" fill="${COLOURS.line}">`);
    for (const i of dots) out.push(`<circle cx="${n(x(i))}" cy="${n(y(points[i]!.value!))}" r="3"/>`);
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('');
}

/** Labels at the edges grow inwards, so they are not cut off by the frame. */
function anchor(index: number, count: number): 'start' | 'middle' | 'end' {
  if (count > 1 && index === 0) return 'start';
  if (count > 1 && index === count - 1) return 'end';
  return 'middle';
}

