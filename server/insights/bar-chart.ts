/**
 * Monthly bar charts (given vs received, confirmed outcomes, hours), rendered on the server as SVG
 * strings: no script and no inline style (the CSP forbids both); presentation attributes draw,
 * CSS classes may restyle. Pure: values in, markup out. Each chart is one image with a title and
 * a description; the page adds a visually hidden table of the same values.
 */
import { type ChartSize, emptyNotice, escapeXml, horizontalGrid, labelledIndexes, svgOpen, svgNumber as n } from '../shared/svg.js';

export type BarSeries = { key: string; values: readonly number[]; colour: string };

export type BarChart = {
  /** Prefix for the ids that tie title and description to the image; unique on the page. */
  id: string;
  title: string;
  description: string;
  /** Shown inside the frame when every value is zero. */
  empty: string;
  /** One label per group of bars (months). */
  labels: readonly string[];
  series: readonly BarSeries[];
  /** Counts get whole-number ticks; hours may be fractional. */
  integer: boolean;
  /** How a tick value is written ("1,5" in German). */
  formatTick?: (value: number) => string;
};

export type BarSize = ChartSize;
export const BAR_SIZE: BarSize = { width: 320, height: 170, top: 10, right: 8, bottom: 24, left: 30 };

const MAX_TICK_INTERVALS = 4;
const MAX_MONTH_LABELS = 6;
const COLOURS = { grid: '#e4ddd3', text: '#57606a' } as const;

/**
 * A y axis from 0 to a round number at or above `max`, in at most four steps of 1, 2 or 5 × 10ⁿ.
 * With nothing to show the axis still runs 0..1, so an empty chart has a frame.
 */
export function niceScale(max: number, integer: boolean): { max: number; ticks: number[] } {
  if (!(max > 0)) return { max: 1, ticks: [0, 1] };
  const exponent = Math.floor(Math.log10(max));
  const steps: number[] = [];
  for (let e = exponent - 1; e <= exponent + 1; e++) for (const m of [1, 2, 5]) steps.push(m * 10 ** e);
  const step = steps.find((s) => (!integer || s >= 1) && Math.ceil(max / s - 1e-9) <= MAX_TICK_INTERVALS) ?? 10 ** (exponent + 1);
  const intervals = Math.ceil(max / step - 1e-9);
  const ticks = Array.from({ length: intervals + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { max: ticks[ticks.length - 1]!, ticks };
}

export type BarGeometry = { series: string; group: number; x: number; y: number; width: number; height: number; value: number };

/** Where each bar goes: groups evenly across the plot, the series side by side within a group. */
export function barGeometry(chart: Pick<BarChart, 'labels' | 'series' | 'integer'>, size: BarSize = BAR_SIZE): { bars: BarGeometry[]; scaleMax: number; ticks: number[] } {
  const max = Math.max(0, ...chart.series.flatMap((s) => s.values));
  const { max: scaleMax, ticks } = niceScale(max, chart.integer);
  const plotWidth = size.width - size.left - size.right;
  const bottom = size.height - size.bottom;
  const plotHeight = bottom - size.top;
  const groupWidth = plotWidth / Math.max(1, chart.labels.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, chart.series.length);
  const bars: BarGeometry[] = [];
  chart.labels.forEach((_, group) => {
    chart.series.forEach((series, k) => {
      const value = series.values[group] ?? 0;
      const height = (Math.max(0, value) / scaleMax) * plotHeight;
      bars.push({
        series: series.key,
        group,
        x: size.left + group * groupWidth + groupWidth * 0.1 + k * barWidth,
        y: bottom - height,
        width: barWidth,
        height,
        value,
      });
    });
  });
  return { bars, scaleMax, ticks };
}

export function renderBarChart(chart: BarChart, size: BarSize = BAR_SIZE): string {
  const { bars, scaleMax, ticks } = barGeometry(chart, size);
  const format = chart.formatTick ?? String;
  const left = size.left;
  const right = size.width - size.right;
  const bottom = size.height - size.bottom;
  const y = (value: number) => bottom - (value / scaleMax) * (bottom - size.top);
  const groupWidth = (right - left) / Math.max(1, chart.labels.length);
  const colourOf = new Map(chart.series.map((s) => [s.key, s.colour]));
  const out: string[] = [
    ...svgOpen('insights-chart', size, chart),
    ...horizontalGrid('insights-chart__grid', ticks.map(y), size, COLOURS.grid),
    `<g class="insights-chart__labels" fill="${COLOURS.text}" font-size="10">`,
    ...ticks.map((tick) => `<text x="${left - 5}" y="${n(y(tick))}" text-anchor="end" dominant-baseline="middle">${escapeXml(format(tick))}</text>`),
    ...labelledIndexes(chart.labels.length, MAX_MONTH_LABELS).map(
      (i) => `<text x="${n(left + (i + 0.5) * groupWidth)}" y="${size.height - 7}" text-anchor="middle">${escapeXml(chart.labels[i]!)}</text>`,
    ),
    '</g>',
  ];
  const drawn = bars.filter((bar) => bar.height > 0);
  if (drawn.length === 0) {
    out.push(emptyNotice('insights-chart__empty', chart.empty, size, { colour: COLOURS.text, fontSize: 12 }));
  }
  for (const series of chart.series) {
    const own = drawn.filter((bar) => bar.series === series.key);
    if (own.length === 0) continue;
    out.push(`<g class="insights-chart__bars insights-chart__bars--${escapeXml(series.key)}" fill="${colourOf.get(series.key)}">`);
    for (const bar of own) {
      out.push(`<rect x="${n(bar.x)}" y="${n(bar.y)}" width="${n(bar.width)}" height="${n(bar.height)}" rx="1"/>`);
    }
    out.push('</g>');
  }
  out.push(`<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${COLOURS.text}" stroke-width="1"/>`);
  out.push('</svg>');
  return out.join('');
}
