import { type AnyColumn, and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, clients, feedback, feedbackRequests, groups, members, memberTrades, referrals, trades } from '../../db/schema.js';
import { feedbackAnswers, giver, giverAccount, receiver, receiverAccount, referralParties, withParties } from '../../db/selections.js';

export type ReferralRow = typeof referrals.$inferSelect;
export type StepPatch = Partial<
  Pick<ReferralRow, 'status' | 'contactedAt' | 'meetingAt' | 'proposalAt' | 'wonAt' | 'lostAt' | 'valueCents' | 'lostReason'>
>;

/** Overdue first (still open past the deadline), then newest first. */
const overdueFirst = (now: Date) => [
  desc(sql`(${referrals.status} = 'open' and ${referrals.dueAt} <= ${now.toISOString()}::timestamptz)`),
  desc(referrals.createdAt),
];

/** What a list row shows: never the client's personal data. */
const listColumns = {
  id: referrals.id,
  topic: referrals.topic,
  status: referrals.status,
  dueAt: referrals.dueAt,
  overdueAt: referrals.overdueAt,
  createdAt: referrals.createdAt,
};

/** The member's referrals on one side (`sides.member`), with the other party's name, overdue first. */
function listWithOther(db: Db, sides: { member: AnyColumn; other: AnyColumn }, memberId: string, now: Date, limit: number) {
  return db
    .select({ ...listColumns, otherName: accounts.name, otherSlug: members.slug })
    .from(referrals)
    .innerJoin(members, eq(members.id, sides.other))
    .innerJoin(accounts, eq(accounts.id, members.accountId))
    .where(eq(sides.member, memberId))
    .orderBy(...overdueFirst(now))
    .limit(limit);
}

export function referralQueries(db: Db) {
  return {
    /** A possible receiver, whatever group or state: the service decides whether it may receive. */
    async findMember(memberId: string) {
      const [row] = await db
        .select({
          id: members.id,
          groupId: members.groupId,
          active: members.active,
          name: accounts.name,
          email: accounts.email,
        })
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(eq(members.id, memberId));
      return row;
    },

    async findMemberIdBySlug(groupId: string, slug: string) {
      const [row] = await db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.groupId, groupId), eq(members.slug, slug), eq(members.active, true)));
      return row?.id;
    },

    /** The group's row for a client key; a concurrent insert of the same key is no error. */
    async findOrCreateClient(groupId: string, keyHash: string, now: Date) {
      await db.insert(clients).values({ groupId, keyHash, createdAt: now }).onConflictDoNothing();
      const [row] = await db
        .select({ id: clients.id })
        .from(clients)
        .where(and(eq(clients.groupId, groupId), eq(clients.keyHash, keyHash)));
      return row!.id;
    },

    async insertReferral(row: typeof referrals.$inferInsert) {
      const [created] = await db.insert(referrals).values(row).returning();
      return created!;
    },

    async givenBy(memberId: string, now: Date, limit: number) {
      return listWithOther(db, { member: referrals.giverId, other: referrals.receiverId }, memberId, now, limit);
    },

    async receivedBy(memberId: string, now: Date, limit: number) {
      return listWithOther(db, { member: referrals.receiverId, other: referrals.giverId }, memberId, now, limit);
    },

    /** One referral with both parties' names, its feedback and its link's state: one query. */
    async detail(referralId: string) {
      const query = db
        .select({
          referral: referrals,
          giverName: giverAccount.name,
          giverSlug: giver.slug,
          receiverName: receiverAccount.name,
          receiverSlug: receiver.slug,
          feedback: feedbackAnswers,
          linkTokenHash: feedbackRequests.tokenHash,
          linkUsedAt: feedbackRequests.usedAt,
          linkExpiresAt: feedbackRequests.expiresAt,
        })
        .from(referrals)
        .leftJoin(feedback, eq(feedback.referralId, referrals.id))
        .leftJoin(feedbackRequests, eq(feedbackRequests.referralId, referrals.id))
        .$dynamic();
      const [row] = await withParties(query).where(eq(referrals.id, referralId));
      return row;
    },

    /** Who gave and who received a referral, and where it stands: what access checks and moves need. */
    async parties(referralId: string) {
      const [row] = await db
        .select({
          id: referrals.id,
          ...referralParties,
          status: referrals.status,
          contactedAt: referrals.contactedAt,
          meetingAt: referrals.meetingAt,
          proposalAt: referrals.proposalAt,
          wonAt: referrals.wonAt,
          lostAt: referrals.lostAt,
          dueAt: referrals.dueAt,
          overdueAt: referrals.overdueAt,
        })
        .from(referrals)
        .where(eq(referrals.id, referralId));
      return row;
    },

    /**
     * Applies a step only if the referral is still where the receiver saw it, so two clicks (or two
     * tabs) never apply a step twice. Returns the updated row, or undefined when it had moved on.
     */
    async applyStep(referralId: string, expectedStatus: ReferralRow['status'], patch: StepPatch) {
      const [row] = await db
        .update(referrals)
        .set(patch)
        .where(and(eq(referrals.id, referralId), eq(referrals.status, expectedStatus)))
        .returning({ id: referrals.id });
      return row;
    },

    /**
     * The client's personal data: name, contact, and what was written about them — the need and
     * why it was lost are free text about the client. The giver's button and the retention job
     * both erase through here, so "Kundendaten löschen" means the same everywhere.
     */
    async eraseClientData(referralId: string, now: Date) {
      await db
        .update(referrals)
        .set({ clientName: null, clientEmail: null, clientPhone: null, need: '', lostReason: null, clientDataErasedAt: now })
        .where(and(eq(referrals.id, referralId), isNull(referrals.clientDataErasedAt)));
    },

    /** Marks one referral overdue unless it already is; true when this call marked it. */
    async claimOverdueOne(referralId: string, now: Date) {
      const rows = await db
        .update(referrals)
        .set({ overdueAt: now })
        .where(and(eq(referrals.id, referralId), eq(referrals.status, 'open'), lte(referrals.dueAt, now), isNull(referrals.overdueAt)))
        .returning({ id: referrals.id });
      return rows.length === 1;
    },

    /** The group's active members other than `exceptMemberId`, with their trades, by name: one query. */
    async receiverOptions(groupId: string, exceptMemberId: string) {
      return db
        .select({
          id: members.id,
          slug: members.slug,
          name: accounts.name,
          trades: sql<string[]>`coalesce(array_agg(${trades.name} order by lower(${trades.name})) filter (where ${trades.name} is not null), '{}')`,
        })
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .leftJoin(memberTrades, and(eq(memberTrades.memberId, members.id), inArray(memberTrades.status, ['active', 'exception'])))
        .leftJoin(trades, eq(trades.id, memberTrades.tradeId))
        .where(and(eq(members.groupId, groupId), eq(members.active, true), ne(members.id, exceptMemberId)))
        .groupBy(members.id, accounts.name)
        .orderBy(sql`lower(${accounts.name})`);
    },

    /**
     * Claims up to `limit` referrals that are still open past their deadline and not yet marked
     * overdue. Rows another instance is claiming are skipped, and the `overdue_at is null` condition
     * is checked again under the row lock, so each referral is claimed by exactly one call.
     */
    async claimOverdue(now: Date, limit: number) {
      const due = db.$with('due').as(
        db
          .select({ id: referrals.id })
          .from(referrals)
          .where(
            and(
              eq(referrals.status, 'open'),
              lte(referrals.dueAt, now),
              isNull(referrals.overdueAt),
              // A receiver who deleted their account can no longer answer: no penalty, no reminder.
              notExists(db.select({ one: sql`1` }).from(members).where(and(eq(members.id, referrals.receiverId), isNotNull(members.deletedAt)))),
            ),
          )
          .orderBy(asc(referrals.dueAt))
          .limit(limit)
          .for('update', { skipLocked: true }),
      );
      return db
        .with(due)
        .update(referrals)
        .set({ overdueAt: now })
        .from(due)
        .where(and(eq(referrals.id, due.id), isNull(referrals.overdueAt)))
        .returning({ id: referrals.id, ...referralParties });
    },

    /** What the reminder mails need: the receiver's address and name, the giver's name, the group's language. */
    async reminderContext(referralIds: string[]) {
      if (referralIds.length === 0) return [];
      const query = db
        .select({
          referralId: referrals.id,
          groupId: referrals.groupId,
          topic: referrals.topic,
          locale: groups.locale,
          receiverName: receiverAccount.name,
          receiverEmail: receiverAccount.email,
          giverName: giverAccount.name,
        })
        .from(referrals)
        .innerJoin(groups, eq(groups.id, referrals.groupId))
        .$dynamic();
      return withParties(query).where(inArray(referrals.id, referralIds));
    },
  };
}
