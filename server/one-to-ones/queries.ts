import { and, asc, desc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { preparedStatement } from '../../db/prepared.js';
import { accounts, members, notifications, oneToOnes } from '../../db/schema.js';
import { OPEN_STATUSES, type OneToOneStatus, type Side } from './transitions.js';

export type OneToOneRow = typeof oneToOnes.$inferSelect;

const other = alias(members, 'other');
const otherAccount = alias(accounts, 'other_account');

/** The member on the other side of a one-to-one, seen from `memberId`. */
const otherIdOf = (memberId: string | ReturnType<typeof sql.placeholder>) =>
  sql`case when ${oneToOnes.requesterId} = ${memberId} then ${oneToOnes.partnerId} else ${oneToOnes.requesterId} end`;

/**
 * Everything about a one-to-one that BOTH sides may see, plus the viewer's own note. The other
 * side's note is never selected, so it cannot reach a page by mistake.
 */
function partyColumns(memberId: string) {
  return {
    id: oneToOnes.id,
    groupId: oneToOnes.groupId,
    requesterId: oneToOnes.requesterId,
    partnerId: oneToOnes.partnerId,
    status: oneToOnes.status,
    loggedBy: oneToOnes.loggedBy,
    metOn: oneToOnes.metOn,
    durationMinutes: oneToOnes.durationMinutes,
    breakfastId: oneToOnes.breakfastId,
    confirmedAt: oneToOnes.confirmedAt,
    createdAt: oneToOnes.createdAt,
    ownNote: sql<string>`case when ${oneToOnes.requesterId} = ${memberId} then ${oneToOnes.requesterNote} else ${oneToOnes.partnerNote} end`,
    otherId: other.id,
    otherName: otherAccount.name,
    otherSlug: other.slug,
    otherActive: other.active,
  };
}

export type PartyRow = {
  id: string;
  groupId: string;
  requesterId: string;
  partnerId: string;
  status: OneToOneStatus;
  loggedBy: string | null;
  metOn: string | null;
  durationMinutes: number | null;
  breakfastId: string | null;
  confirmedAt: Date | null;
  createdAt: Date;
  ownNote: string;
  otherId: string;
  otherName: string;
  otherSlug: string;
  otherActive: boolean;
};

/**
 * A profile's "kennen sich" in one round trip: every confirmed one-to-one of the profile's member,
 * and the viewer's open ones with them (so the page can say "Anfrage offen" instead of asking twice).
 */
function knownStatement(db: Db) {
  const profile = sql.placeholder('profileId');
  const viewerAccount = sql.placeholder('viewerAccountId');
  return db
    .select({
      status: oneToOnes.status,
      metOn: oneToOnes.metOn,
      requesterId: oneToOnes.requesterId,
      otherId: other.id,
      otherName: otherAccount.name,
      otherSlug: other.slug,
      otherAccountId: other.accountId,
    })
    .from(oneToOnes)
    .innerJoin(other, eq(other.id, otherIdOf(profile)))
    .innerJoin(otherAccount, eq(otherAccount.id, other.accountId))
    .where(
      and(
        or(eq(oneToOnes.requesterId, profile), eq(oneToOnes.partnerId, profile)),
        or(eq(oneToOnes.status, 'confirmed'), and(inArray(oneToOnes.status, ['requested', 'logged']), eq(other.accountId, viewerAccount))),
        isNull(other.deletedAt),
      ),
    )
    .orderBy(desc(oneToOnes.metOn), desc(oneToOnes.createdAt))
    .limit(500);
}

export function oneToOneQueries(db: Db) {
  return {
    /** Serialises writes about one pair of members, so two clicks never make two open requests. */
    async lockPair(a: string, b: string) {
      const key = [a, b].sort().join(':');
      await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kreis-one-to-one:${key}`}, 0))`);
    },

    /** A possible partner, whatever group or state: the service decides whether they may take part. */
    async findMember(memberId: string) {
      const [row] = await db
        .select({ id: members.id, groupId: members.groupId, active: members.active, deletedAt: members.deletedAt, name: accounts.name })
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(eq(members.id, memberId));
      return row;
    },

    /** The group's other active members, by name: whom a one-to-one can be with. */
    async colleagues(groupId: string, exceptMemberId: string) {
      return db
        .select({ id: members.id, name: accounts.name })
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(and(eq(members.groupId, groupId), eq(members.active, true), isNull(members.deletedAt), sql`${members.id} <> ${exceptMemberId}`))
        .orderBy(asc(accounts.name));
    },

    async activeMemberIds(groupId: string, memberIds: string[]) {
      if (memberIds.length === 0) return [];
      const rows = await db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.groupId, groupId), eq(members.active, true), isNull(members.deletedAt), inArray(members.id, memberIds)));
      return rows.map((row) => row.id);
    },

    /** The oldest open request between two members, in either direction. */
    async openRequestBetween(a: string, b: string) {
      const [row] = await db
        .select({ id: oneToOnes.id, requesterId: oneToOnes.requesterId, partnerId: oneToOnes.partnerId })
        .from(oneToOnes)
        .where(
          and(
            eq(oneToOnes.status, 'requested'),
            or(and(eq(oneToOnes.requesterId, a), eq(oneToOnes.partnerId, b)), and(eq(oneToOnes.requesterId, b), eq(oneToOnes.partnerId, a))),
          ),
        )
        .orderBy(asc(oneToOnes.createdAt))
        .limit(1);
      return row;
    },

    /** Pairs (either order) among these members that already have an open request, or a row from this breakfast. */
    async takenPairs(breakfastId: string, memberIds: string[]) {
      if (memberIds.length === 0) return [];
      return db
        .select({ requesterId: oneToOnes.requesterId, partnerId: oneToOnes.partnerId })
        .from(oneToOnes)
        .where(
          or(
            eq(oneToOnes.breakfastId, breakfastId),
            and(eq(oneToOnes.status, 'requested'), inArray(oneToOnes.requesterId, memberIds), inArray(oneToOnes.partnerId, memberIds)),
          ),
        );
    },

    async insert(rows: (typeof oneToOnes.$inferInsert)[]) {
      if (rows.length === 0) return [];
      return db.insert(oneToOnes).values(rows).returning({ id: oneToOnes.id, requesterId: oneToOnes.requesterId, partnerId: oneToOnes.partnerId });
    },

    /** The facts the rules need, without either note. */
    async facts(id: string) {
      const [row] = await db
        .select({
          id: oneToOnes.id,
          groupId: oneToOnes.groupId,
          requesterId: oneToOnes.requesterId,
          partnerId: oneToOnes.partnerId,
          status: oneToOnes.status,
          loggedBy: oneToOnes.loggedBy,
        })
        .from(oneToOnes)
        .where(eq(oneToOnes.id, id));
      return row;
    },

    /** Applies a step only if the one-to-one is still in `from` (someone else may have answered meanwhile). */
    async applyStep(
      id: string,
      from: OneToOneStatus,
      patch: Partial<Pick<OneToOneRow, 'status' | 'loggedBy' | 'metOn' | 'durationMinutes' | 'confirmedAt' | 'updatedAt'>>,
    ) {
      const rows = await db
        .update(oneToOnes)
        .set(patch)
        .where(and(eq(oneToOnes.id, id), eq(oneToOnes.status, from)))
        .returning({ id: oneToOnes.id });
      return rows.length > 0;
    },

    /**
     * A member who deleted their account will answer nothing: their open one-to-ones (asked for,
     * or logged and waiting for confirmation) end as declined, on either side. Never counted.
     */
    async declineOpenFor(memberIds: string[], now: Date) {
      if (memberIds.length === 0) return;
      await db
        .update(oneToOnes)
        .set({ status: 'declined', updatedAt: now })
        .where(
          and(
            inArray(oneToOnes.status, [...OPEN_STATUSES]),
            or(inArray(oneToOnes.requesterId, memberIds), inArray(oneToOnes.partnerId, memberIds)),
          ),
        );
    },

    /** Writes one side's note; the other side's column is never touched. */
    async setNote(id: string, side: Side, note: string, now: Date) {
      await db
        .update(oneToOnes)
        .set(side === 'requester' ? { requesterNote: note, updatedAt: now } : { partnerNote: note, updatedAt: now })
        .where(eq(oneToOnes.id, id));
    },

    /** One one-to-one as `memberId` sees it; undefined unless they are a party to it. */
    async forParty(id: string, memberId: string): Promise<PartyRow | undefined> {
      const [row] = await db
        .select(partyColumns(memberId))
        .from(oneToOnes)
        .innerJoin(other, eq(other.id, otherIdOf(memberId)))
        .innerJoin(otherAccount, eq(otherAccount.id, other.accountId))
        .where(and(eq(oneToOnes.id, id), or(eq(oneToOnes.requesterId, memberId), eq(oneToOnes.partnerId, memberId))));
      return row;
    },

    /** The member's one-to-ones, newest first. */
    async listFor(memberId: string, limit: number): Promise<PartyRow[]> {
      return db
        .select(partyColumns(memberId))
        .from(oneToOnes)
        .innerJoin(other, eq(other.id, otherIdOf(memberId)))
        .innerJoin(otherAccount, eq(otherAccount.id, other.accountId))
        .where(or(eq(oneToOnes.requesterId, memberId), eq(oneToOnes.partnerId, memberId)))
        .orderBy(desc(sql`coalesce(${oneToOnes.metOn}, ${oneToOnes.createdAt}::date)`), desc(oneToOnes.createdAt))
        .limit(limit);
    },

    /** The viewer is named by account: whichever of their memberships is in the profile's group. */
    async known(profileId: string, viewerAccountId: string | null) {
      // The nil uuid matches nobody: an anonymous viewer has no one-to-ones to show.
      return preparedStatement(db, 'one_to_ones_known', knownStatement).execute({
        profileId,
        viewerAccountId: viewerAccountId ?? '00000000-0000-0000-0000-000000000000',
      });
    },

    /** Opening the one-to-ones page reads its notifications. */
    async markNotificationsRead(memberId: string, now: Date): Promise<number> {
      const rows = await db
        .update(notifications)
        .set({ readAt: now })
        .where(and(eq(notifications.memberId, memberId), like(notifications.kind, 'one\\_to\\_one\\_%'), isNull(notifications.readAt)))
        .returning({ id: notifications.id });
      return rows.length;
    },
  };
}
