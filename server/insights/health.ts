/**
 * Group health for hosts: the group's referral statistics per member and month folded into what a
 * host moderates by — the group's rhythm per month, who only takes and who only gives, who leaves
 * referrals unanswered. Pure: rows in, figures out. Only member names and numbers: nothing about
 * any client is read for these figures, so nothing about a client can leak from them.
 */
import { type Balance, balanceOf } from './figures.js';
import type { MonthKey } from './period.js';

/** One member's referral statistics in one month (only months with any activity have a row). */
export type MemberMonthRow = {
  memberId: string;
  month: MonthKey;
  given: number;
  received: number;
  /** Referrals the member received that the client confirmed (dated by the feedback). */
  confirmed: number;
  won: number;
  wonCents: number;
  /** Referrals the member received that passed the response deadline without contact. */
  overdue: number;
};

export type GroupMember = { id: string; name: string; slug: string; active: boolean };
export type OverdueRow = { memberId: string; count: number; oldestDueAt: Date };
export type EdgeRow = { from: string; to: string; count: number };

export type GroupMonth = { month: MonthKey; referrals: number; confirmed: number; won: number; wonCents: number };
export type MemberBalance = GroupMember & { balance: Balance; confirmed: number; overdue: number; flagged: boolean };
export type OverdueMember = GroupMember & { count: number; oldestDueAt: Date };

const collator = new Intl.Collator('de', { sensitivity: 'base' });
const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);

/** The group per month: every referral has exactly one giver in the group, so givers' sums count each once. */
export function groupMonths(months: readonly MonthKey[], rows: readonly MemberMonthRow[]): GroupMonth[] {
  const byMonth = new Map<MonthKey, GroupMonth>(months.map((month) => [month, { month, referrals: 0, confirmed: 0, won: 0, wonCents: 0 }]));
  for (const row of rows) {
    const month = byMonth.get(row.month);
    if (!month) continue;
    month.referrals += row.given;
    month.confirmed += row.confirmed;
    month.won += row.won;
    month.wonCents += row.wonCents;
  }
  return [...byMonth.values()];
}

/**
 * Give and take per member over the period: every active member, and former members who still
 * have referrals in it. Flagged: only takes or only gives — worth a word from the host.
 */
export function memberBalances(members: readonly GroupMember[], rows: readonly MemberMonthRow[]): MemberBalance[] {
  const totals = new Map<string, { given: number; received: number; confirmed: number; overdue: number }>();
  for (const row of rows) {
    const total = totals.get(row.memberId) ?? { given: 0, received: 0, confirmed: 0, overdue: 0 };
    total.given += row.given;
    total.received += row.received;
    total.confirmed += row.confirmed;
    total.overdue += row.overdue;
    totals.set(row.memberId, total);
  }
  return members
    .filter((member) => member.active || totals.has(member.id))
    .map((member) => {
      const total = totals.get(member.id) ?? { given: 0, received: 0, confirmed: 0, overdue: 0 };
      const balance = balanceOf(total.given, total.received);
      return {
        ...member,
        balance,
        confirmed: total.confirmed,
        overdue: total.overdue,
        flagged: balance.kind === 'takes_only' || balance.kind === 'gives_only',
      };
    })
    .sort(byName);
}

/** Members with referrals waiting past their deadline right now, most waiting first. */
export function overdueMembers(members: readonly GroupMember[], rows: readonly OverdueRow[]): OverdueMember[] {
  const byId = new Map(members.map((m) => [m.id, m]));
  return rows
    .filter((row) => row.count > 0 && byId.has(row.memberId))
    .map((row) => ({ ...byId.get(row.memberId)!, count: row.count, oldestDueAt: row.oldestDueAt }))
    .sort((a, b) => b.count - a.count || a.oldestDueAt.getTime() - b.oldestDueAt.getTime() || byName(a, b));
}

/** The referral edges with both names, busiest first; the text alternative of the network picture. */
export function namedEdges(members: readonly GroupMember[], edges: readonly EdgeRow[]) {
  const byId = new Map(members.map((m) => [m.id, m]));
  return edges
    .filter((edge) => byId.has(edge.from) && byId.has(edge.to))
    .map((edge) => ({ ...edge, fromName: byId.get(edge.from)!.name, toName: byId.get(edge.to)!.name }))
    .sort((a, b) => b.count - a.count || collator.compare(a.fromName, b.fromName) || collator.compare(a.toName, b.toName));
}

/** Who appears in the picture: active members and anyone at either end of a referral. */
export function networkMembers(members: readonly GroupMember[], edges: readonly EdgeRow[]): GroupMember[] {
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  return members.filter((m) => m.active || linked.has(m.id));
}

export type CsvRecord = { name: string; month: MonthKey } & Omit<MemberMonthRow, 'memberId' | 'month'>;

/** The export's rows: one per member and month with activity, by month, then name. */
export function csvRecords(members: readonly GroupMember[], rows: readonly MemberMonthRow[]): CsvRecord[] {
  const byId = new Map(members.map((m) => [m.id, m]));
  return rows
    .filter((row) => byId.has(row.memberId))
    .map(({ memberId, ...row }) => ({ ...row, name: byId.get(memberId)!.name }))
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : byName(a, b)));
}
