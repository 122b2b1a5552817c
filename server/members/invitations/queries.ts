import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client.js';
import { accounts, groups, invitations, members, trades } from '../../../db/schema.js';

const invitee = alias(members, 'invitee');
const inviteeAccount = alias(accounts, 'invitee_account');

export function invitationQueries(db: Db) {
  return {
    async insert(row: typeof invitations.$inferInsert) {
      const [invitation] = await db.insert(invitations).values(row).returning();
      return invitation!;
    },

    /** The group's invitations, newest first, with the name of whoever accepted each. */
    async listForGroup(groupId: string) {
      return db
        .select({
          id: invitations.id,
          email: invitations.email,
          name: invitations.name,
          createdAt: invitations.createdAt,
          expiresAt: invitations.expiresAt,
          usedAt: invitations.usedAt,
          usedBySlug: invitee.slug,
          usedByName: inviteeAccount.name,
        })
        .from(invitations)
        .leftJoin(invitee, eq(invitee.id, invitations.usedBy))
        .leftJoin(inviteeAccount, eq(inviteeAccount.id, invitee.accountId))
        .where(eq(invitations.groupId, groupId))
        .orderBy(desc(invitations.createdAt));
    },

    async findByTokenHash(tokenHash: string) {
      const [row] = await db
        .select({
          id: invitations.id,
          groupId: invitations.groupId,
          email: invitations.email,
          expiresAt: invitations.expiresAt,
          usedAt: invitations.usedAt,
          name: invitations.name,
          phone: invitations.phone,
          tradeId: invitations.tradeId,
          tradeName: trades.name,
          group: { name: groups.name, locale: groups.locale, oneSeatPerTrade: groups.oneSeatPerTrade },
        })
        .from(invitations)
        .innerJoin(groups, eq(groups.id, invitations.groupId))
        .leftJoin(trades, eq(trades.id, invitations.tradeId))
        .where(eq(invitations.tokenHash, tokenHash));
      return row;
    },

    /**
     * Marks an open invitation used. Of two concurrent redemptions exactly one gets `true`: the
     * second waits for the first's row lock and then no longer matches `used_at is null`.
     */
    async claim(id: string, now: Date) {
      const rows = await db
        .update(invitations)
        .set({ usedAt: now })
        .where(and(eq(invitations.id, id), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
        .returning({ id: invitations.id });
      return rows.length === 1;
    },

    async setUsedBy(id: string, memberId: string) {
      await db.update(invitations).set({ usedBy: memberId }).where(eq(invitations.id, id));
    },

    async setPhone(memberId: string, phone: string) {
      await db.update(members).set({ phone }).where(eq(members.id, memberId));
    },

    /** Ends an open invitation of this group now; false when it is not open (or not the group's). */
    async revoke(id: string, groupId: string, now: Date) {
      const rows = await db
        .update(invitations)
        .set({ expiresAt: now })
        .where(and(eq(invitations.id, id), eq(invitations.groupId, groupId), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
        .returning({ id: invitations.id });
      return rows.length === 1;
    },
  };
}
