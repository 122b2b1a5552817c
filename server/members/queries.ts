import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, members, memberTrades, trades } from '../../db/schema.js';

export function memberQueries(db: Db) {
  return {
    /** Active members of a group with their names, oldest first. */
    async roster(groupId: string) {
      return db
        .select({
          id: members.id,
          slug: members.slug,
          name: accounts.name,
          role: members.role,
          warum: members.warum,
          region: members.region,
        })
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(and(eq(members.groupId, groupId), eq(members.active, true)))
        .orderBy(asc(accounts.name));
    },
    /** Trade names per member (active seats and host-approved exceptions). */
    async tradesOf(memberIds: string[]) {
      if (memberIds.length === 0) return new Map<string, string[]>();
      const rows = await db
        .select({ memberId: memberTrades.memberId, name: trades.name })
        .from(memberTrades)
        .innerJoin(trades, eq(trades.id, memberTrades.tradeId))
        .where(and(inArray(memberTrades.memberId, memberIds), inArray(memberTrades.status, ['active', 'exception'])))
        .orderBy(asc(trades.name));
      const byMember = new Map<string, string[]>();
      for (const row of rows) byMember.set(row.memberId, [...(byMember.get(row.memberId) ?? []), row.name]);
      return byMember;
    },
  };
}
