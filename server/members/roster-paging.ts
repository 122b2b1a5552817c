/** Paging of the roster: pure arithmetic, no I/O (unit-tested). */

export const ROSTER_PAGE_SIZE = 48;

export function pageCount(total: number, size = ROSTER_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

export function rosterPageUrl(page: number): string {
  return page <= 1 ? '/roster' : `/roster?page=${page}`;
}

export type PageLink = { number: number; href: string; current: boolean } | { gap: true };

/** First, last and the current page with its neighbours; gaps in between become "…". */
export function pageLinks(page: number, count: number): PageLink[] {
  const shown = [...new Set([1, page - 1, page, page + 1, count])].filter((n) => n >= 1 && n <= count).sort((a, b) => a - b);
  const links: PageLink[] = [];
  for (const [i, n] of shown.entries()) {
    if (i > 0 && n - shown[i - 1]! > 1) links.push({ gap: true });
    links.push({ number: n, href: rosterPageUrl(n), current: n === page });
  }
  return links;
}

/** What the template needs to render the pagination nav; null when everything fits on one page. */
export function pagination(page: number, total: number) {
  const count = pageCount(total);
  if (count <= 1) return null;
  return {
    page,
    count,
    previous: page > 1 ? rosterPageUrl(page - 1) : null,
    next: page < count ? rosterPageUrl(page + 1) : null,
    links: pageLinks(page, count),
  };
}
