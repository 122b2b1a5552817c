/** The first line of a text (a Warum), cut at a word boundary, for cards and lists. */
export function teaser(text: string, max = 160): string {
  const firstLine = text.trim().split(/\n/)[0] ?? '';
  if (firstLine.length <= max) return firstLine;
  const cut = firstLine.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).trimEnd()} …`;
}
