import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  accounts,
  breakfastAttendance,
  breakfastGuests,
  breakfastRsvps,
  breakfasts,
  groups,
  members,
  memberTrades,
  referralDrafts,
  trades,
} from '../../db/schema.js';
import { memberName } from '../../db/selections.js';

export type BreakfastRow = typeof breakfasts.$inferSelect;
export type GuestRow = typeof breakfastGuests.$inferSelect;

const breakfastColumns = {
  id: breakfasts.id,
  groupId: breakfasts.groupId,
  startsAt: breakfasts.startsAt,
  durationMinutes: breakfasts.durationMinutes,
  videoUrl: breakfasts.videoUrl,
  agenda: breakfasts.agenda,
  cancelledAt: breakfasts.cancelledAt,
  createdAt: breakfasts.createdAt,
};

export function breakfastQueries(db: Db) {
  return {
    async insertBreakfast(row: typeof breakfasts.$inferInsert) {
      const [created] = await db.insert(breakfasts).values(row).returning(breakfastColumns);
      return created!;
    },

    /** One breakfast of one group: another group's id reads as unknown. */
    async findInGroup(groupId: string, breakfastId: string) {
      const [row] = await db
        .select(breakfastColumns)
        .from(breakfasts)
        .where(and(eq(breakfasts.id, breakfastId), eq(breakfasts.groupId, groupId)));
      return row;
    },

    async guestTokenHash(breakfastId: string) {
      const [row] = await db.select({ hash: breakfasts.guestTokenHash }).from(breakfasts).where(eq(breakfasts.id, breakfastId));
      return row?.hash;
    },

    /** The group's breakfasts starting at or after `since`, earliest first. */
    async listForGroup(groupId: string, since: Date, limit: number) {
      return db
        .select(breakfastColumns)
        .from(breakfasts)
        .where(and(eq(breakfasts.groupId, groupId), gte(breakfasts.startsAt, since)))
        .orderBy(asc(breakfasts.startsAt))
        .limit(limit);
    },

    async updateBreakfast(groupId: string, breakfastId: string, patch: Partial<typeof breakfasts.$inferInsert>) {
      const rows = await db
        .update(breakfasts)
        .set(patch)
        .where(and(eq(breakfasts.id, breakfastId), eq(breakfasts.groupId, groupId)))
        .returning({ id: breakfasts.id });
      return rows.length === 1;
    },

    async cancel(groupId: string, breakfastId: string, now: Date) {
      await db
        .update(breakfasts)
        .set({ cancelledAt: now })
        .where(and(eq(breakfasts.id, breakfastId), eq(breakfasts.groupId, groupId), isNull(breakfasts.cancelledAt)));
    },

    /** The breakfast a guest link opens, with what the guest page shows of its group. */
    async findByGuestTokenHash(hash: string) {
      const [row] = await db
        .select({ ...breakfastColumns, groupName: groups.name, groupLocale: groups.locale, groupTimeZone: groups.timeZone })
        .from(breakfasts)
        .innerJoin(groups, eq(groups.id, breakfasts.groupId))
        .where(eq(breakfasts.guestTokenHash, hash));
      return row;
    },

    async upsertRsvp(breakfastId: string, memberId: string, answer: 'yes' | 'no' | 'maybe', now: Date) {
      await db
        .insert(breakfastRsvps)
        .values({ breakfastId, memberId, answer, updatedAt: now })
        .onConflictDoUpdate({ target: [breakfastRsvps.breakfastId, breakfastRsvps.memberId], set: { answer, updatedAt: now } });
    },

    /** Every answer to one breakfast, with the members' names. */
    async rsvps(breakfastId: string) {
      return db
        .select({ memberId: breakfastRsvps.memberId, answer: breakfastRsvps.answer, name: accounts.name, slug: members.slug })
        .from(breakfastRsvps)
        .innerJoin(members, eq(members.id, breakfastRsvps.memberId))
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(eq(breakfastRsvps.breakfastId, breakfastId))
        .orderBy(sql`lower(${accounts.name})`);
    },

    /** The viewer's answers to several breakfasts at once (the list page). */
    async answersOf(memberId: string, breakfastIds: string[]) {
      if (breakfastIds.length === 0) return [];
      return db
        .select({ breakfastId: breakfastRsvps.breakfastId, answer: breakfastRsvps.answer })
        .from(breakfastRsvps)
        .where(and(eq(breakfastRsvps.memberId, memberId), inArray(breakfastRsvps.breakfastId, breakfastIds)));
    },

    async activeMembers(groupId: string) {
      return db
        .select(memberName)
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(and(eq(members.groupId, groupId), eq(members.active, true)))
        .orderBy(sql`lower(${accounts.name})`);
    },

    async guests(breakfastId: string) {
      return db
        .select({ id: breakfastGuests.id, name: breakfastGuests.name, trade: breakfastGuests.trade })
        .from(breakfastGuests)
        .where(eq(breakfastGuests.breakfastId, breakfastId))
        .orderBy(asc(breakfastGuests.createdAt));
    },

    async insertGuest(row: typeof breakfastGuests.$inferInsert) {
      const [created] = await db.insert(breakfastGuests).values(row).returning();
      return created!;
    },

    async guestByAccessTokenHash(hash: string) {
      const [row] = await db.select().from(breakfastGuests).where(eq(breakfastGuests.accessTokenHash, hash));
      return row;
    },

    /** The name of a trade an active member of the group holds (active or host-approved), if any. */
    async heldTrade(groupId: string, tradeName: string) {
      const [row] = await db
        .select({ name: trades.name })
        .from(trades)
        .innerJoin(memberTrades, eq(memberTrades.tradeId, trades.id))
        .innerJoin(members, eq(members.id, memberTrades.memberId))
        .where(
          and(
            eq(trades.groupId, groupId),
            sql`lower(${trades.name}) = lower(${tradeName})`,
            inArray(memberTrades.status, ['active', 'exception']),
            eq(members.active, true),
          ),
        )
        .limit(1);
      return row?.name;
    },

    async attendance(breakfastId: string) {
      return db
        .select({ attendeeId: breakfastAttendance.attendeeId, present: breakfastAttendance.present })
        .from(breakfastAttendance)
        .where(eq(breakfastAttendance.breakfastId, breakfastId));
    },

    async upsertAttendance(rows: (typeof breakfastAttendance.$inferInsert)[]) {
      if (rows.length === 0) return;
      await db
        .insert(breakfastAttendance)
        .values(rows)
        .onConflictDoUpdate({
          target: [breakfastAttendance.breakfastId, breakfastAttendance.attendeeId],
          set: {
            present: sql`excluded.present`,
            correctedBy: sql`excluded.corrected_by`,
            updatedAt: sql`excluded.updated_at`,
          },
        });
    },

    /** Pledges to `receiverId` from one breakfast's round, with the givers' names. */
    async pledgesReceived(breakfastId: string, receiverId: string) {
      return db
        .select({ id: referralDrafts.id, note: referralDrafts.note, giverName: accounts.name, giverSlug: members.slug })
        .from(referralDrafts)
        .innerJoin(members, eq(members.id, referralDrafts.giverId))
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(and(eq(referralDrafts.breakfastId, breakfastId), eq(referralDrafts.receiverId, receiverId)))
        .orderBy(asc(referralDrafts.createdAt));
    },
  };
}
