/**
 * Insights use cases: a member's "Was bringt mir das?" and a host's group health. Computed live
 * from the tables on every request — a referral given a minute ago is in the figures — over the
 * last twelve Berlin calendar months. The queries run side by side.
 */
import type { Db } from '../../db/client.js';
import { type MemberFigures, memberFigures } from './figures.js';
import {
  csvRecords,
  type GroupMember,
  type GroupMonth,
  groupMonths,
  type MemberBalance,
  memberBalances,
  namedEdges,
  networkMembers,
  type OverdueMember,
  overdueMembers,
} from './health.js';
import { type Period, periodEnding } from './period.js';
import { insightsQueries } from './queries.js';

export type MemberInsights = { period: Period; figures: MemberFigures };

export async function memberInsights(
  db: Db,
  viewer: { memberId: string; groupId: string; timeZone: string },
  now: Date,
): Promise<MemberInsights> {
  const q = insightsQueries(db);
  const period = periodEnding(now, viewer.timeZone);
  const [referrals, responses, time] = await Promise.all([
    q.referralMonths(viewer.memberId, period),
    q.responses(viewer.memberId, period),
    q.timeMonths(viewer.memberId, viewer.groupId, period),
  ]);
  return { period, figures: memberFigures(period.months, { referrals, responses, time }) };
}

export type Attendance = { id: string; startsAt: Date; members: number; guests: number };

export type GroupHealth = {
  period: Period;
  months: GroupMonth[];
  balances: MemberBalance[];
  overdue: OverdueMember[];
  attendance: Attendance[];
  network: { members: GroupMember[]; edges: ReturnType<typeof namedEdges> };
};

export async function groupHealth(db: Db, group: { id: string; timeZone: string }, now: Date): Promise<GroupHealth> {
  const groupId = group.id;
  const q = insightsQueries(db);
  const period = periodEnding(now, group.timeZone);
  const [members, rows, overdue, attendance, edges] = await Promise.all([
    q.groupMembers(groupId),
    q.memberMonths(groupId, period),
    q.overdueNow(groupId, now),
    q.attendance(groupId, period),
    q.edges(groupId, period),
  ]);
  return {
    period,
    months: groupMonths(period.months, rows),
    balances: memberBalances(members, rows),
    overdue: overdueMembers(
      members,
      overdue.flatMap((row) => (row.oldestDueAt ? [{ memberId: row.memberId, count: row.count, oldestDueAt: row.oldestDueAt }] : [])),
    ),
    attendance,
    network: { members: networkMembers(members, edges), edges: namedEdges(members, edges) },
  };
}

/** The export's records: the group's statistics per member and month over the same period. */
export async function groupHealthRecords(db: Db, group: { id: string; timeZone: string }, now: Date) {
  const groupId = group.id;
  const q = insightsQueries(db);
  const period = periodEnding(now, group.timeZone);
  const [members, rows] = await Promise.all([q.groupMembers(groupId), q.memberMonths(groupId, period)]);
  return { period, records: csvRecords(members, rows) };
}
