import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { preparedStatement } from '../../db/prepared.js';
import type { Db } from '../../db/client.js';
import { members, trustEvents } from '../../db/schema.js';
import { scoredColumns } from '../../db/selections.js';

/** What the group's collusion context reads of the ledger (group-ledger.ts). */
export function groupLedgerQueries(db: Db) {
  return {
    /** The chain's head ('' and 0 without events): the last row's hash names every row before it. */
    async head(groupId: string): Promise<{ hash: string; seq: number }> {
      const rows = await preparedStatement(db, 'group_ledger_head', (d) =>
        d
          .select({ hash: trustEvents.hash, seq: trustEvents.seq })
          .from(trustEvents)
          .where(eq(trustEvents.groupId, sql.placeholder('groupId')))
          .orderBy(desc(trustEvents.seq))
          .limit(1),
      ).execute({ groupId });
      return rows[0] ?? { hash: '', seq: 0 };
    },
    /** The hash stored at one place of the chain (undefined when there is no such row). */
    async hashAt(groupId: string, seq: number): Promise<string | undefined> {
      const [row] = await db
        .select({ hash: trustEvents.hash })
        .from(trustEvents)
        .where(and(eq(trustEvents.groupId, groupId), eq(trustEvents.seq, seq)));
      return row?.hash;
    },
    /** The group's events after a place of the chain, in ledger order (time, then seq). */
    async eventsAfter(groupId: string, seq: number) {
      return db
        .select(scoredColumns)
        .from(trustEvents)
        .where(and(eq(trustEvents.groupId, groupId), gt(trustEvents.seq, seq)))
        .orderBy(asc(trustEvents.occurredAt), asc(trustEvents.seq));
    },
    /** Every event of the group in ledger order (time, then seq). */
    async events(groupId: string) {
      return db
        .select(scoredColumns)
        .from(trustEvents)
        .where(eq(trustEvents.groupId, groupId))
        .orderBy(asc(trustEvents.occurredAt), asc(trustEvents.seq));
    },
    async groupOf(memberId: string) {
      const [row] = await db.select({ groupId: members.groupId }).from(members).where(eq(members.id, memberId));
      return row?.groupId ?? null;
    },
  };
}
