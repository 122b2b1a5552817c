import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { members, trustEvents } from '../../db/schema.js';
import { scoredColumns } from '../../db/selections.js';

/** What the group's collusion context reads of the ledger (group-ledger.ts). */
export function groupLedgerQueries(db: Db) {
  return {
    /** The chain's head: the last row's hash names everything before it (sha256 chain). */
    async head(groupId: string) {
      const [row] = await db
        .select({ seq: trustEvents.seq, hash: trustEvents.hash })
        .from(trustEvents)
        .where(eq(trustEvents.groupId, groupId))
        .orderBy(desc(trustEvents.seq))
        .limit(1);
      return row ?? null;
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
