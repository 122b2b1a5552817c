import { and, asc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedStatement } from '../../db/prepared.js';
import { accounts, groups, members, memberTrades, photos, trades } from '../../db/schema.js';
import { byTradeName, hasPhoto, isDeleted, memberCard, withAccountAndPhoto, tradeOption } from '../../db/selections.js';
import type { Seat, SeatStatus } from './trade-seats.js';

const SEATED: SeatStatus[] = ['active', 'exception'];

export type ProfileFields = Pick<
  typeof members.$inferInsert,
  'warum' | 'offer' | 'goodReferral' | 'region' | 'website' | 'phone' | 'isPublic'
>;

/** The profile page's query, prepared once per database handle (see db/prepared.ts). */
function profileBySlugStatement(db: Db) {
  return db
    .select({
      id: members.id,
      slug: members.slug,
      groupId: members.groupId,
      groupName: groups.name,
      role: members.role,
      active: members.active,
      deleted: isDeleted,
      isPublic: members.isPublic,
      name: accounts.name,
      email: accounts.email,
      warum: members.warum,
      offer: members.offer,
      goodReferral: members.goodReferral,
      region: members.region,
      website: members.website,
      phone: members.phone,
      hasPhoto,
      // The seated trades in the same round trip: the profile page is the most visited page.
      trades: sql<string[]>`array(
        select ${trades.name} from ${memberTrades} join ${trades} on ${trades.id} = ${memberTrades.tradeId}
        where ${memberTrades.memberId} = ${members.id} and ${memberTrades.status} in ('active', 'exception')
        order by ${trades.name})`,
    })
    .from(members)
    .innerJoin(accounts, eq(accounts.id, members.accountId))
    .innerJoin(groups, eq(groups.id, members.groupId))
    .leftJoin(photos, eq(photos.memberId, members.id))
    .where(eq(members.slug, sql.placeholder('slug')));
}

export function memberQueries(db: Db) {
  return {
    /**
     * One page of a group's active members, by name, with the total in the same round trip
     * (a window count; a page past the end has no rows and so no total: see countActive).
     */
    async roster(groupId: string, limit: number, offset: number) {
      const query = db
        .select({ ...memberCard, region: members.region, total: sql<number>`count(*) over ()`.mapWith(Number) })
        .from(members)
        .$dynamic();
      return withAccountAndPhoto(query)
        .where(and(eq(members.groupId, groupId), eq(members.active, true)))
        // The id breaks ties between equal names, so no member appears on two pages.
        .orderBy(asc(accounts.name), asc(members.id))
        .limit(limit)
        .offset(offset);
    },

    /** How many active members a group has. */
    async countActive(groupId: string) {
      const [row] = await db
        .select({ total: sql<number>`count(*)`.mapWith(Number) })
        .from(members)
        .where(and(eq(members.groupId, groupId), eq(members.active, true)));
      return row?.total ?? 0;
    },

    /** Trade names per member (active seats and host-approved exceptions). */
    async tradesOf(memberIds: string[]) {
      if (memberIds.length === 0) return new Map<string, string[]>();
      const rows = await db
        .select({ memberId: memberTrades.memberId, name: trades.name })
        .from(memberTrades)
        .innerJoin(trades, eq(trades.id, memberTrades.tradeId))
        .where(and(inArray(memberTrades.memberId, memberIds), inArray(memberTrades.status, SEATED)))
        .orderBy(asc(trades.name));
      const byMember = new Map<string, string[]>();
      for (const row of rows) byMember.set(row.memberId, [...(byMember.get(row.memberId) ?? []), row.name]);
      return byMember;
    },

    /** Everything the profile page may show, before the visibility check decides what it does show. */
    async profileBySlug(slug: string) {
      const [row] = await preparedStatement(db, 'member_profile_by_slug', profileBySlugStatement).execute({ slug });
      return row;
    },

    /** The member's own profile fields for the editor. */
    async editableProfile(memberId: string) {
      const [row] = await db
        .select({
          warum: members.warum,
          offer: members.offer,
          goodReferral: members.goodReferral,
          region: members.region,
          website: members.website,
          phone: members.phone,
          isPublic: members.isPublic,
          hasPhoto,
        })
        .from(members)
        .leftJoin(photos, eq(photos.memberId, members.id))
        .where(eq(members.id, memberId));
      return row;
    },

    async updateProfile(memberId: string, fields: ProfileFields, now: Date) {
      await db
        .update(members)
        .set({ ...fields, updatedAt: now })
        .where(eq(members.id, memberId));
    },

    /** The group's trade list, alphabetical. */
    async groupTrades(groupId: string) {
      return db
        .select(tradeOption)
        .from(trades)
        .where(eq(trades.groupId, groupId))
        .orderBy(byTradeName);
    },

    /**
     * The given trades of this group, locked until the transaction ends, so two members cannot
     * take the same free seat at the same moment. Ids of other groups are simply not returned.
     */
    async lockGroupTrades(groupId: string, tradeIds: string[]) {
      if (tradeIds.length === 0) return [];
      return db
        .select(tradeOption)
        .from(trades)
        .where(and(eq(trades.groupId, groupId), inArray(trades.id, tradeIds)))
        .orderBy(asc(trades.id)) // one lock order for everyone: no deadlocks
        .for('update');
    },

    async findTradeByName(groupId: string, name: string) {
      const [row] = await db
        .select(tradeOption)
        .from(trades)
        .where(and(eq(trades.groupId, groupId), sql`lower(${trades.name}) = lower(${name})`));
      return row;
    },

    /** Adds a trade to the group's list; a concurrent insert of the same name is no error. */
    async insertTrade(groupId: string, name: string, now: Date) {
      await db.insert(trades).values({ groupId, name, createdAt: now }).onConflictDoNothing();
    },

    /** A member's own trades with their status (pending requests included). */
    async seatsOf(memberId: string) {
      return db
        .select({ tradeId: memberTrades.tradeId, name: trades.name, status: memberTrades.status })
        .from(memberTrades)
        .innerJoin(trades, eq(trades.id, memberTrades.tradeId))
        .where(eq(memberTrades.memberId, memberId))
        .orderBy(byTradeName);
    },

    /** Seats held by active members of the group (active or exception), optionally only for some trades. */
    async seatHolders(groupId: string, options: { tradeIds?: string[]; exceptMemberId?: string } = {}) {
      if (options.tradeIds?.length === 0) return [];
      return db
        .select({ tradeId: memberTrades.tradeId, memberId: members.id, memberName: accounts.name })
        .from(memberTrades)
        .innerJoin(members, eq(members.id, memberTrades.memberId))
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(
          and(
            eq(members.groupId, groupId),
            eq(members.active, true),
            inArray(memberTrades.status, SEATED),
            options.tradeIds ? inArray(memberTrades.tradeId, options.tradeIds) : undefined,
            options.exceptMemberId ? ne(members.id, options.exceptMemberId) : undefined,
          ),
        )
        .orderBy(asc(accounts.name));
    },

    /** Replaces the member's trades with exactly these seats. */
    async setSeats(memberId: string, seats: Seat[], now: Date) {
      const keep = seats.map((s) => s.tradeId);
      await db
        .delete(memberTrades)
        .where(and(eq(memberTrades.memberId, memberId), keep.length > 0 ? notInArray(memberTrades.tradeId, keep) : undefined));
      if (seats.length === 0) return;
      await db
        .insert(memberTrades)
        .values(seats.map((seat) => ({ memberId, tradeId: seat.tradeId, status: seat.status, createdAt: now })))
        .onConflictDoUpdate({
          target: [memberTrades.memberId, memberTrades.tradeId],
          set: { status: sql`excluded.status` },
        });
    },

    /** Requests for a taken trade, waiting for a host, oldest first. */
    async pendingSeats(groupId: string) {
      return db
        .select({
          memberId: members.id,
          memberSlug: members.slug,
          memberName: accounts.name,
          tradeId: trades.id,
          tradeName: trades.name,
          requestedAt: memberTrades.createdAt,
        })
        .from(memberTrades)
        .innerJoin(members, eq(members.id, memberTrades.memberId))
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .innerJoin(trades, eq(trades.id, memberTrades.tradeId))
        .where(and(eq(members.groupId, groupId), eq(members.active, true), eq(memberTrades.status, 'pending')))
        .orderBy(asc(memberTrades.createdAt));
    },

    /** Settles one pending request of a member of this group; false when there is none. */
    async settlePendingSeat(groupId: string, memberId: string, tradeId: string, allow: boolean) {
      const pendingOfGroup = and(
        eq(memberTrades.memberId, memberId),
        eq(memberTrades.tradeId, tradeId),
        eq(memberTrades.status, 'pending'),
        inArray(memberTrades.memberId, db.select({ id: members.id }).from(members).where(eq(members.groupId, groupId))),
      );
      const rows = allow
        ? await db.update(memberTrades).set({ status: 'exception' }).where(pendingOfGroup).returning({ tradeId: memberTrades.tradeId })
        : await db.delete(memberTrades).where(pendingOfGroup).returning({ tradeId: memberTrades.tradeId });
      return rows.length === 1;
    },

    async photoOf(memberId: string) {
      const [row] = await db
        .select({ bytes: photos.bytes, contentType: photos.contentType, etag: photos.etag })
        .from(photos)
        .where(eq(photos.memberId, memberId));
      return row;
    },

    async savePhoto(row: typeof photos.$inferInsert) {
      await db
        .insert(photos)
        .values(row)
        .onConflictDoUpdate({
          target: photos.memberId,
          set: { bytes: row.bytes, contentType: row.contentType, etag: row.etag, updatedAt: row.updatedAt },
        });
    },

    async deletePhoto(memberId: string) {
      await db.delete(photos).where(eq(photos.memberId, memberId));
    },
  };
}
