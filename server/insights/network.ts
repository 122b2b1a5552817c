/**
 * "Wer empfiehlt wen": the group's referrals as a picture. Members sit on a circle in alphabetical
 * order (deterministic: the same data always draws the same picture), each referral direction is
 * a curved arrow whose width grows with the number of referrals. A → B and B → A bend to opposite
 * sides, so both stay visible. Pure; SVG without script or inline style, one image with a title
 * and description — the page lists every edge as text beside it.
 */
import { escapeXml, svgOpen, svgNumber as n } from '../shared/svg.js';

export type NetworkNode = { id: string; label: string };
export type NetworkEdge = { from: string; to: string; count: number };
export type PlacedNode = NetworkNode & { x: number; y: number; angle: number };

export type NetworkSize = { width: number; height: number; radius: number; nodeRadius: number };
export const NETWORK_SIZE: NetworkSize = { width: 720, height: 500, radius: 200, nodeRadius: 7 };

export const MIN_EDGE_WIDTH = 1.5;
export const MAX_EDGE_WIDTH = 8;
const MAX_LABEL_CHARS = 24;
const COLOURS = { edge: '#a84b25', node: '#3b6ea8', idle: '#b9b1a6', text: '#1f2328' } as const;

const collator = new Intl.Collator('de', { sensitivity: 'base' });

/** Alphabetical (then by id, so equal names keep a fixed order), clockwise from the top. */
export function circularLayout(nodes: readonly NetworkNode[], center: { x: number; y: number }, radius: number): PlacedNode[] {
  const sorted = [...nodes].sort((a, b) => collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.map((node, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / sorted.length;
    return { ...node, angle, x: center.x + radius * Math.cos(angle), y: center.y + radius * Math.sin(angle) };
  });
}

/** Linear in the count: one referral draws the thinnest line, the group's busiest pair the widest. */
export function edgeWidth(count: number, maxCount: number): number {
  if (maxCount <= 1 || count <= 1) return MIN_EDGE_WIDTH;
  return MIN_EDGE_WIDTH + ((MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * (Math.min(count, maxCount) - 1)) / (maxCount - 1);
}

type Point = { x: number; y: number };

/**
 * A quadratic curve from a to b bending to the left of the direction of travel, trimmed so it
 * starts and ends at the node circles' edges (the arrow head then touches the receiver's dot).
 */
export function edgePath(a: Point, b: Point, nodeRadius: number): { d: string; control: Point } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const bend = Math.min(40, length * 0.15);
  const control = { x: (a.x + b.x) / 2 + (dy / length) * bend, y: (a.y + b.y) / 2 - (dx / length) * bend };
  const towards = (from: Point, to: Point, distance: number): Point => {
    const l = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    return { x: from.x + ((to.x - from.x) / l) * distance, y: from.y + ((to.y - from.y) / l) * distance };
  };
  const start = towards(a, control, nodeRadius);
  const end = towards(b, control, nodeRadius + 2);
  return { d: `M${n(start.x)} ${n(start.y)} Q${n(control.x)} ${n(control.y)} ${n(end.x)} ${n(end.y)}`, control };
}

export type NetworkText = { id: string; title: string; description: string; empty: string };

export function renderNetwork(nodes: readonly NetworkNode[], edges: readonly NetworkEdge[], text: NetworkText, size: NetworkSize = NETWORK_SIZE): string {
  const center = { x: size.width / 2, y: size.height / 2 };
  const placed = circularLayout(nodes, center, size.radius);
  const at = new Map(placed.map((node) => [node.id, node]));
  const drawable = edges.filter((e) => e.count > 0 && at.has(e.from) && at.has(e.to) && e.from !== e.to);
  const maxCount = Math.max(1, ...drawable.map((e) => e.count));
  const linked = new Set(drawable.flatMap((e) => [e.from, e.to]));
  const id = escapeXml(text.id);
  const out: string[] = [
    ...svgOpen('insights-network', size, text),
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="3" markerHeight="3" orient="auto">` +
      `<path d="M0 0L10 5L0 10z" fill="${COLOURS.edge}"/></marker></defs>`,
  ];
  if (placed.length === 0) {
    out.push(`<text x="${center.x}" y="${center.y}" text-anchor="middle" fill="${COLOURS.text}" font-size="14">${escapeXml(text.empty)}</text>`);
  }
  // Thin edges first, so a wide one never hides a thin one beneath it.
  const ordered = [...drawable].sort((a, b) => a.count - b.count || (a.from + a.to < b.from + b.to ? -1 : 1));
  out.push(`<g class="insights-network__edges" fill="none" stroke="${COLOURS.edge}" stroke-opacity="0.6" stroke-linecap="round">`);
  for (const edge of ordered) {
    const { d } = edgePath(at.get(edge.from)!, at.get(edge.to)!, size.nodeRadius);
    out.push(`<path d="${d}" stroke-width="${n(edgeWidth(edge.count, maxCount))}" marker-end="url(#${id}-arrow)" data-count="${edge.count}"/>`);
  }
  out.push('</g>');
  out.push(`<g class="insights-network__nodes" font-size="12" fill="${COLOURS.text}">`);
  for (const node of placed) {
    const cos = Math.cos(node.angle);
    const sin = Math.sin(node.angle);
    const lx = node.x + cos * (size.nodeRadius + 6);
    const ly = node.y + sin * (size.nodeRadius + 6);
    const anchor = cos > 0.2 ? 'start' : cos < -0.2 ? 'end' : 'middle';
    const baseline = sin > 0.5 ? 'hanging' : sin < -0.5 ? 'auto' : 'middle';
    const fill = linked.has(node.id) ? COLOURS.node : COLOURS.idle;
    out.push(
      `<circle cx="${n(node.x)}" cy="${n(node.y)}" r="${size.nodeRadius}" fill="${fill}"/>` +
        `<text x="${n(lx)}" y="${n(ly)}" text-anchor="${anchor}" dominant-baseline="${baseline}">${escapeXml(shorten(node.label))}</text>`,
    );
  }
  out.push('</g></svg>');
  return out.join('');
}

/** Long names are cut in the picture only; the text alternative names everyone in full. */
function shorten(label: string): string {
  return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label;
}
