import type { Db } from '../../db/client.js';
import { memberQueries } from './queries.js';

/** The first line of a Warum, cut at a word boundary, for cards and lists. */
export function warumTeaser(warum: string, max = 160): string {
  const firstLine = warum.trim().split(/\n/)[0] ?? '';
  if (firstLine.length <= max) return firstLine;
  const cut = firstLine.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).trimEnd()} …`;
}

export async function groupRoster(db: Db, groupId: string) {
  const q = memberQueries(db);
  const rows = await q.roster(groupId);
  const tradesByMember = await q.tradesOf(rows.map((r) => r.id));
  return rows.map((row) => ({
    ...row,
    warumTeaser: warumTeaser(row.warum),
    trades: tradesByMember.get(row.id) ?? [],
  }));
}
