import { describe, expect, it } from 'vitest';
import { BAR_SIZE, barGeometry, niceScale, renderBarChart } from '../../server/insights/bar-chart.js';
import { circularLayout, edgePath, edgeWidth, MAX_EDGE_WIDTH, MIN_EDGE_WIDTH, renderNetwork } from '../../server/insights/network.js';

describe('the bar charts’ y axis', () => {
  it.each([
    [0, true, [0, 1]],
    [1, true, [0, 1]],
    [3, true, [0, 1, 2, 3]],
    [4, true, [0, 1, 2, 3, 4]],
    [7, true, [0, 2, 4, 6, 8]],
    [10, true, [0, 5, 10]],
    [23, true, [0, 10, 20, 30]],
    [0.4, false, [0, 0.1, 0.2, 0.3, 0.4]],
    [1.5, false, [0, 0.5, 1, 1.5]],
    [0.4, true, [0, 1]],
  ] as const)('max %d (whole numbers: %s) → ticks %j', (max, integer, ticks) => {
    expect(niceScale(max, integer)).toEqual({ max: ticks[ticks.length - 1], ticks });
  });

  it('always reaches the largest value in at most four steps', () => {
    for (let max = 0.05; max < 5000; max *= 1.37) {
      for (const integer of [true, false]) {
        const scale = niceScale(max, integer);
        expect(scale.max).toBeGreaterThanOrEqual(max);
        expect(scale.ticks.length).toBeLessThanOrEqual(5);
      }
    }
  });
});

describe('bar geometry', () => {
  const chart = {
    labels: ['Jan', 'Feb', 'Mär'],
    series: [
      { key: 'given', values: [2, 0, 4], colour: '#000' },
      { key: 'received', values: [1, 3, 0], colour: '#111' },
    ],
    integer: true,
  };
  const { bars, scaleMax } = barGeometry(chart);
  const plotHeight = BAR_SIZE.height - BAR_SIZE.bottom - BAR_SIZE.top;

  it('draws bar heights in proportion to the values, on one scale for all series', () => {
    expect(scaleMax).toBe(4);
    const height = (series: string, group: number) => bars.find((b) => b.series === series && b.group === group)!.height;
    expect(height('given', 2)).toBeCloseTo(plotHeight);
    expect(height('given', 0)).toBeCloseTo(plotHeight / 2);
    expect(height('received', 1)).toBeCloseTo((plotHeight * 3) / 4);
    expect(height('given', 1)).toBe(0);
  });

  it('puts the series of one month side by side, months left to right, inside the plot', () => {
    const given0 = bars.find((b) => b.series === 'given' && b.group === 0)!;
    const received0 = bars.find((b) => b.series === 'received' && b.group === 0)!;
    const given1 = bars.find((b) => b.series === 'given' && b.group === 1)!;
    expect(received0.x).toBeCloseTo(given0.x + given0.width);
    expect(given1.x).toBeGreaterThan(received0.x + received0.width);
    for (const bar of bars) {
      expect(bar.x).toBeGreaterThanOrEqual(BAR_SIZE.left);
      expect(bar.x + bar.width).toBeLessThanOrEqual(BAR_SIZE.width - BAR_SIZE.right);
    }
  });
});

describe('bar chart markup', () => {
  const base = { id: 'c1', title: 'Empfehlungen <pro> Monat', description: 'Beschreibung & mehr', empty: 'Noch keine Daten', labels: ['Jan', 'Feb'], integer: true };

  it('is one accessible image with an escaped title and description', () => {
    const svg = renderBarChart({ ...base, series: [{ key: 'given', values: [1, 2], colour: '#a84b25' }] });
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    expect(svg).toContain('<title id="c1-title">Empfehlungen &lt;pro&gt; Monat</title>');
    expect(svg).toContain('<desc id="c1-desc">Beschreibung &amp; mehr</desc>');
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).not.toContain('style=');
    expect(svg).not.toContain('Noch keine Daten');
  });

  it('says so when there is nothing to draw', () => {
    const svg = renderBarChart({ ...base, series: [{ key: 'given', values: [0, 0], colour: '#a84b25' }] });
    expect(svg).toContain('Noch keine Daten');
    expect(svg).not.toContain('<rect');
  });
});

describe('the network layout', () => {
  const nodes = [
    { id: 'c', label: 'Carla' },
    { id: 'a', label: 'Anna' },
    { id: 'b', label: 'Bernd' },
    { id: 'd', label: 'Doris' },
  ];

  it('places members alphabetically, clockwise from the top, on the circle', () => {
    const placed = circularLayout(nodes, { x: 100, y: 100 }, 50);
    expect(placed.map((n) => n.label)).toEqual(['Anna', 'Bernd', 'Carla', 'Doris']);
    expect(placed[0]!.x).toBeCloseTo(100);
    expect(placed[0]!.y).toBeCloseTo(50); // top
    expect(placed[1]!.x).toBeCloseTo(150); // right
    expect(placed[2]!.y).toBeCloseTo(150); // bottom
    expect(placed[3]!.x).toBeCloseTo(50); // left
    for (const node of placed) expect(Math.hypot(node.x - 100, node.y - 100)).toBeCloseTo(50);
  });

  it('is deterministic whatever order the members come in; equal names keep the order of their ids', () => {
    const twins = [...nodes, { id: 'e2', label: 'Anna' }, { id: 'e1', label: 'anna' }];
    const one = circularLayout(twins, { x: 0, y: 0 }, 10);
    const other = circularLayout([...twins].reverse(), { x: 0, y: 0 }, 10);
    expect(other).toEqual(one);
    expect(one.slice(0, 3).map((n) => n.id)).toEqual(['a', 'e1', 'e2']);
  });

  it('widens edges with the number of referrals, from the thinnest to the widest', () => {
    expect(edgeWidth(1, 6)).toBe(MIN_EDGE_WIDTH);
    expect(edgeWidth(6, 6)).toBe(MAX_EDGE_WIDTH);
    for (let count = 1; count < 6; count++) expect(edgeWidth(count + 1, 6)).toBeGreaterThan(edgeWidth(count, 6));
    expect(edgeWidth(1, 1)).toBe(MIN_EDGE_WIDTH);
  });

  it('bends A → B and B → A to opposite sides, so both stay visible', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 100, y: 0 };
    expect(edgePath(a, b, 5).control.y).toBeLessThan(0);
    expect(edgePath(b, a, 5).control.y).toBeGreaterThan(0);
  });

  it('draws names, an arrow per direction with its width, and escapes names', () => {
    const svg = renderNetwork(
      [...nodes, { id: 'x', label: 'Eve <script>' }],
      [
        { from: 'a', to: 'b', count: 4 },
        { from: 'b', to: 'a', count: 1 },
        { from: 'a', to: 'ghost', count: 9 }, // not a member of the picture: left out
      ],
      { id: 'net', title: 'Wer empfiehlt wen', description: 'Beschreibung', empty: 'leer' },
    );
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="net-title">Wer empfiehlt wen</title>');
    for (const name of ['Anna', 'Bernd', 'Carla', 'Doris']) expect(svg).toContain(`>${name}</text>`);
    expect(svg).toContain('Eve &lt;script&gt;');
    expect(svg).not.toContain('<script>');
    const paths = [...svg.matchAll(/<path d="M[^"]+" stroke-width="([\d.]+)" marker-end="url\(#net-arrow\)" data-count="(\d+)"\/>/g)];
    expect(paths.map((m) => [Number(m[2]), Number(m[1])])).toEqual([
      [1, MIN_EDGE_WIDTH],
      [4, MAX_EDGE_WIDTH],
    ]);
  });
});
