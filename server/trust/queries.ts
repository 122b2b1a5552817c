import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { preparedStatement } from '../../db/prepared.js';
import { accounts, feedback, members, referrals, trustCorrections, trustEvents } from '../../db/schema.js';
import { scoredColumns } from '../../db/selections.js';

/** The member an event names as giver, and — for referrer accuracy — the referral's receiver. */
const giverMember = alias(members, 'giver_member');
const giverAccount = alias(accounts, 'giver_account');
const receiverMember = alias(members, 'receiver_member');
const receiverAccount = alias(accounts, 'receiver_account');
/** The host who corrected an event by hand (trust_corrections). */
const correctorMember = alias(members, 'corrector_member');
const correctorAccount = alias(accounts, 'corrector_account');

/**
 * A member's events in ledger order with the names of the members each one involves: the giver,
 * and for the giver's referrer-accuracy events the referral's receiver. The `trust_events_member`
 * index finds the rows. A host's correction adds its reason code and the host's name.
 * Member names only: nothing about the client is read. Exported unprepared
 * (placeholder `memberId`) so tooling can print its SQL and plan.
 */
export function eventsAboutWithNamesStatement(db: Db) {
  return db
    .select({
      ...scoredColumns,
      giverName: giverAccount.name,
      receiverName: receiverAccount.name,
      correctionReason: trustCorrections.reason,
      correctorName: correctorAccount.name,
    })
    .from(trustEvents)
    .leftJoin(giverMember, eq(giverMember.id, trustEvents.giverId))
    .leftJoin(giverAccount, eq(giverAccount.id, giverMember.accountId))
    .leftJoin(referrals, and(eq(referrals.id, trustEvents.referralId), eq(trustEvents.kind, 'referrer_feedback')))
    .leftJoin(receiverMember, eq(receiverMember.id, referrals.receiverId))
    .leftJoin(receiverAccount, eq(receiverAccount.id, receiverMember.accountId))
    .leftJoin(trustCorrections, eq(trustCorrections.reversalEventId, trustEvents.id))
    .leftJoin(correctorMember, eq(correctorMember.id, trustCorrections.reversedBy))
    .leftJoin(correctorAccount, eq(correctorAccount.id, correctorMember.accountId))
    .where(eq(trustEvents.memberId, sql.placeholder('memberId')))
    .orderBy(asc(trustEvents.occurredAt), asc(trustEvents.seq));
}

/** What the trust page, the profile summary and corrections read of the ledger. */
export function trustQueries(db: Db) {
  return {
    /** Everything that can move one member's scores: events about them, plus reversals of those. */
    async eventsAbout(memberId: string) {
      return db
        .select()
        .from(trustEvents)
        .where(eq(trustEvents.memberId, memberId))
        .orderBy(asc(trustEvents.occurredAt), asc(trustEvents.seq));
    },
    /**
     * `eventsAbout` with the names of the members involved, for the trust page and the export:
     * one prepared statement (see `eventsAboutWithNamesStatement`).
     */
    eventsAboutWithNames(memberId: string) {
      // Prepared: PostgreSQL plans the six-way join once per connection, not on every page view.
      return preparedStatement(db, 'ledger_events_about_with_names', eventsAboutWithNamesStatement).execute({ memberId });
    },
    /** The scorer's columns of `eventsAbout`, for the compact summary on the profile. */
    async scoredEventsAbout(memberId: string) {
      return preparedStatement(db, 'ledger_scored_events_about', (d) =>
        d
          .select(scoredColumns)
          .from(trustEvents)
          .where(eq(trustEvents.memberId, sql.placeholder('memberId')))
          .orderBy(asc(trustEvents.occurredAt), asc(trustEvents.seq)),
      ).execute({ memberId });
    },
    /** The member behind a profile address, for the trust page's access check. One prepared query. */
    async memberBySlug(slug: string) {
      const [row] = await preparedStatement(db, 'ledger_member_by_slug', (d) =>
        d
          .select({
            id: members.id,
            slug: members.slug,
            groupId: members.groupId,
            active: members.active,
            deleted: sql<boolean>`${members.deletedAt} is not null`,
            name: accounts.name,
          })
          .from(members)
          .innerJoin(accounts, eq(accounts.id, members.accountId))
          .where(eq(members.slug, sql.placeholder('slug'))),
      ).execute({ slug });
      return row;
    },
    /** Who corrected a reversal by hand and why; written with the reversal, in its transaction. */
    async insertCorrection(row: typeof trustCorrections.$inferInsert) {
      await db.insert(trustCorrections).values(row);
    },
  };
}
