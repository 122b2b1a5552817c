/**
 * The scaffolding every server-rendered chart shares (the trust score line, the insights bars, the
 * network picture): no script and no inline style (the CSP forbids both) — presentation
 * attributes draw, CSS classes may restyle. Each chart is one accessible image whose title and
 * description are tied to it by ids. Pure: strings in, markup out.
 */

/** Text that goes into markup: element content and attribute values alike. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Coordinates to one decimal: smaller markup, no visible difference. */
export function svgNumber(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A chart's frame in viewBox units, with the margins around its plot. */
export type ChartSize = { width: number; height: number; top: number; right: number; bottom: number; left: number };

/** What makes a chart accessible: `id` prefixes the ids that tie title and description to the image. */
export type SvgText = { id: string; title: string; description: string };

/**
 * The opening of an accessible chart: `<svg role="img">` labelled by its title and description.
 * The caller closes it with `</svg>`.
 */
export function svgOpen(className: string, size: Pick<ChartSize, 'width' | 'height'>, text: SvgText): string[] {
  const id = escapeXml(text.id);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="${escapeXml(className)}" viewBox="0 0 ${size.width} ${size.height}" ` +
      `role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(text.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(text.description)}</desc>`,
  ];
}

/** Horizontal grid lines across the plot at the given heights. */
export function horizontalGrid(className: string, ys: readonly number[], size: ChartSize, colour: string): string[] {
  const left = size.left;
  const right = size.width - size.right;
  return [
    `<g class="${className}" stroke="${colour}" stroke-width="1">`,
    ...ys.map((y) => `<line x1="${left}" x2="${right}" y1="${svgNumber(y)}" y2="${svgNumber(y)}"/>`),
    '</g>',
  ];
}

/** The "nothing to show yet" line in the middle of the plot. */
export function emptyNotice(className: string, text: string, size: ChartSize, style: { colour: string; fontSize: number }): string {
  const x = (size.left + size.width - size.right) / 2;
  const y = (size.top + size.height - size.bottom) / 2;
  return (
    `<text class="${className}" x="${svgNumber(x)}" y="${svgNumber(y)}" ` +
    `text-anchor="middle" dominant-baseline="middle" fill="${style.colour}" font-size="${style.fontSize}">${escapeXml(text)}</text>`
  );
}

/** Which of `count` points get an x label: evenly spaced, at most `max`, always the last (now). */
export function labelledIndexes(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const step = Math.ceil((count - 1) / (max - 1));
  const indexes: number[] = [];
  for (let i = count - 1; i >= 0; i -= step) indexes.unshift(i);
  return indexes;
}
