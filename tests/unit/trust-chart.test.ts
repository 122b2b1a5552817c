import { describe, expect, it } from 'vitest';
import {
  CHART_SIZE,
  type ChartPoint,
  chartRuns,
  chartScales,
  labelledIndexes,
  renderScoreChart,
  Y_TICKS,
} from '../../server/trust/chart.js';
import { escapeXml } from '../../server/shared/svg.js';
import { xmlProblem } from '../helpers/well-formed.js';

const TEXT = { id: 'c', title: 'Vertrauenswert', description: 'Von 40 auf 71', empty: 'noch keine Bestätigungen' };
const points = (...values: (number | null)[]): ChartPoint[] => values.map((value, i) => ({ label: `M${i}`, value }));

const left = CHART_SIZE.left;
const right = CHART_SIZE.width - CHART_SIZE.right;
const top = CHART_SIZE.top;
const bottom = CHART_SIZE.height - CHART_SIZE.bottom;

/** Coordinates are written to one decimal. */
const tenth = (value: number) => Math.round(value * 10) / 10;

/** The (x, y) pairs of every drawn dot. */
const dots = (svg: string) => [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('chart scales', () => {
  it('spread points from the left to the right edge of the plot', () => {
    const { x } = chartScales(13);
    expect(x(0)).toBe(left);
    expect(x(12)).toBe(right);
    expect(x(6)).toBeCloseTo((left + right) / 2);
  });

  it('map 0 to the bottom and 100 to the top, linearly, clamping outside values', () => {
    const { y } = chartScales(5);
    expect(y(0)).toBe(bottom);
    expect(y(100)).toBe(top);
    expect(y(50)).toBeCloseTo((top + bottom) / 2);
    expect(y(-20)).toBe(bottom);
    expect(y(140)).toBe(top);
  });

  it('put a single point in the middle', () => {
    expect(chartScales(1).x(0)).toBe((left + right) / 2);
  });
});

describe('chart runs and labels', () => {
  it('break the line where there is no value', () => {
    expect(chartRuns(points(null, 10, 20, null, 30, null))).toEqual([[1, 2], [4]]);
    expect(chartRuns(points(null, null))).toEqual([]);
    expect(chartRuns([])).toEqual([]);
  });

  it('label at most five points, evenly, always including the last', () => {
    expect(labelledIndexes(13)).toEqual([0, 3, 6, 9, 12]);
    expect(labelledIndexes(3)).toEqual([0, 1, 2]);
    expect(labelledIndexes(8)).toEqual([1, 3, 5, 7]);
    expect(labelledIndexes(0)).toEqual([]);
  });
});

describe('renderScoreChart', () => {
  it('is a well-formed, labelled image with a line through the values', () => {
    const svg = renderScoreChart(points(20, 40, 60), TEXT);
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="c-title c-desc"/);
    expect(svg).toContain('<title id="c-title">Vertrauenswert</title><desc id="c-desc">Von 40 auf 71</desc>');
    const scales = chartScales(3);
    const x = (i: number) => tenth(scales.x(i));
    const y = (v: number) => tenth(scales.y(v));
    expect(svg).toContain(`d="M${x(0)} ${y(20)} L${x(1)} ${y(40)} L${x(2)} ${y(60)}"`);
    expect(dots(svg)).toEqual([
      [x(0), y(20)],
      [x(1), y(40)],
      [x(2), y(60)],
    ]);
    expect(svg).not.toContain('style=');
    expect(svg).not.toContain(TEXT.empty);
  });

  it('draws the 0–100 grid and axis labels whatever the data', () => {
    const svg = renderScoreChart(points(55), TEXT);
    for (const tick of Y_TICKS) expect(svg).toContain(`>${tick}</text>`);
    expect(svg).toContain('>M0</text>');
  });

  it('with no values: the frame and a "no evidence" note, no line, no dots, never a 0 line', () => {
    const svg = renderScoreChart(points(null, null, null), TEXT);
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain(`>${TEXT.empty}</text>`);
    expect(svg).not.toContain('<path');
    expect(dots(svg)).toEqual([]);
    expect(xmlProblem(renderScoreChart([], TEXT))).toBeNull();
  });

  it('with one point: a dot in the middle and no line', () => {
    const svg = renderScoreChart(points(71), TEXT);
    expect(svg).not.toContain('<path');
    expect(dots(svg)).toEqual([[tenth((left + right) / 2), tenth(chartScales(1).y(71))]]);
  });

  it('leaves gaps: one path per run, a lone point only as a dot', () => {
    const svg = renderScoreChart(points(10, 20, null, 30, null, 40, 50), TEXT);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(dots(svg)).toHaveLength(5);
  });

  it('escapes every text it is given', () => {
    const svg = renderScoreChart([{ label: '<b>&', value: 1 }], { id: 'x"y', title: 'a < b', description: '"q"', empty: '' });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain('&lt;b&gt;&amp;');
    expect(svg).toContain('<title id="x&quot;y-title">a &lt; b</title>');
    expect(escapeXml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
