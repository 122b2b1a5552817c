import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { accounts, invitations, members } from '../../../db/schema.js';

/** What an import is judged against: the group's members and open invitations. */
export function importQueries(db: Db) {
  return {
    async memberEmails(groupId: string) {
      const rows = await db
        .select({ email: accounts.email })
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(and(eq(members.groupId, groupId), isNull(members.deletedAt)));
      return rows.map((r) => r.email);
    },

    async openInvitations(groupId: string, now: Date) {
      return db
        .select({ email: invitations.email, tradeId: invitations.tradeId })
        .from(invitations)
        .where(and(eq(invitations.groupId, groupId), isNull(invitations.usedAt), gt(invitations.expiresAt, now)));
    },

    /** One import of a group at a time, so two confirmations cannot invite the same people twice. */
    async lockGroupImport(groupId: string) {
      await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kreis-member-import:${groupId}`}, 0))`);
    },
  };
}

