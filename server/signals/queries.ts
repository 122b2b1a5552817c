import { and, asc, countDistinct, desc, eq, gt, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  accounts,
  deviceSightings,
  feedback,
  feedbackFlags,
  feedbackRequests,
  groups,
  installationSecrets,
  members,
  referrals,
  trustEvents,
} from '../../db/schema.js';
import { giverAccount, receiverAccount, withParties } from '../../db/selections.js';

export type SightingRow = typeof deviceSightings.$inferInsert;
export type FlagRow = typeof feedbackFlags.$inferInsert;

const clientAddress = sql`lower(${referrals.clientEmail})`;
/** The referral's client address is on this domain (LIKE's wildcards in the domain escaped). */
const onDomain = (domain: string) => sql`${clientAddress} like ${'%@' + domain.replace(/[\\%_]/g, (c) => '\\' + c)}`;

/** Everything the signals capability reads and writes. */
export function signalsQueries(db: Db) {
  return {
    /** Stores the key unless another instance stored one first; returns the one that is stored. */
    async installationSecret(name: string, candidate: string): Promise<string> {
      await db.insert(installationSecrets).values({ name, value: candidate }).onConflictDoNothing();
      const [row] = await db.select({ value: installationSecrets.value }).from(installationSecrets).where(eq(installationSecrets.name, name));
      return row!.value;
    },

    /** One row per member, device and network per hour: inserted only if none is younger than `since`. */
    async recordSighting(row: SightingRow & { seenAt: Date }, since: Date): Promise<void> {
      const network = row.networkHash ?? null;
      await db.execute(sql`
        insert into ${deviceSightings} (group_id, member_id, device_hash, network_hash, seen_at, expires_at)
        select ${row.groupId}::uuid, ${row.memberId}::uuid, ${row.deviceHash}::text, ${network}::text,
          ${row.seenAt.toISOString()}::timestamptz, ${row.expiresAt.toISOString()}::timestamptz
        where not exists (
          select 1 from ${deviceSightings}
          where member_id = ${row.memberId}::uuid and device_hash = ${row.deviceHash}::text
            and network_hash is not distinct from ${network}::text and seen_at > ${since.toISOString()}::timestamptz
        )`);
    },

    /** The device and network hashes the members were seen with since `since`. */
    async sightingsOf(memberIds: string[], since: Date) {
      if (memberIds.length === 0) return [];
      return db
        .selectDistinct({ deviceHash: deviceSightings.deviceHash, networkHash: deviceSightings.networkHash })
        .from(deviceSightings)
        .where(and(inArray(deviceSightings.memberId, memberIds), gt(deviceSightings.seenAt, since)));
    },

    /** How many different members of the group were seen on the network since `since`. */
    async membersOnNetwork(groupId: string, networkHash: string, since: Date): Promise<number> {
      const [row] = await db
        .select({ n: countDistinct(deviceSightings.memberId) })
        .from(deviceSightings)
        .where(and(eq(deviceSightings.groupId, groupId), eq(deviceSightings.networkHash, networkHash), gt(deviceSightings.seenAt, since)));
      return Number(row?.n ?? 0);
    },

    /** What the signals need to know about a referral: its client's address, the parties' addresses, when its link was made. */
    async referralFacts(referralId: string) {
      const query = db
        .select({
          groupId: referrals.groupId,
          giverId: referrals.giverId,
          receiverId: referrals.receiverId,
          clientId: referrals.clientId,
          clientEmail: referrals.clientEmail,
          giverEmail: giverAccount.email,
          receiverEmail: receiverAccount.email,
          linkIssuedAt: feedbackRequests.createdAt,
        })
        .from(referrals)
        .innerJoin(feedbackRequests, eq(feedbackRequests.referralId, referrals.id))
        .$dynamic();
      const [row] = await withParties(query).where(eq(referrals.id, referralId));
      return row;
    },

    /** Other receivers the giver referred the same client to since `since`. */
    async otherReceiversForClient(input: { giverId: string; receiverId: string; clientId: string; since: Date }): Promise<number> {
      const [row] = await db
        .select({ n: countDistinct(referrals.receiverId) })
        .from(referrals)
        .where(
          and(
            eq(referrals.giverId, input.giverId),
            eq(referrals.clientId, input.clientId),
            ne(referrals.receiverId, input.receiverId),
            gt(referrals.createdAt, input.since),
          ),
        );
      return Number(row?.n ?? 0);
    },

    /** Other client addresses on `domain` the giver referred since `since` (case-insensitive, each once). */
    async otherClientsOnDomain(input: { giverId: string; clientEmail: string; domain: string; since: Date }): Promise<number> {
      const [row] = await db
        .select({ n: countDistinct(clientAddress) })
        .from(referrals)
        .where(
          and(
            eq(referrals.giverId, input.giverId),
            onDomain(input.domain),
            sql`${clientAddress} <> ${input.clientEmail.trim().toLowerCase()}`,
            gt(referrals.createdAt, input.since),
          ),
        );
      return Number(row?.n ?? 0);
    },

    async insertFlag(row: FlagRow) {
      await db.insert(feedbackFlags).values(row);
    },

    /**
     * Answers to this giver's other referrals since `since` whose client address is on `domain`
     * and that are not held back yet: what a later answer's domain pattern holds back as well.
     */
    async unflaggedAnswersOnDomain(input: { giverId: string; domain: string; since: Date; exceptReferralId: string }) {
      return db
        .select({ feedbackId: feedback.id, answeredVia: feedback.answeredVia })
        .from(feedback)
        .innerJoin(referrals, eq(referrals.id, feedback.referralId))
        .leftJoin(feedbackFlags, eq(feedbackFlags.feedbackId, feedback.id))
        .where(
          and(
            eq(referrals.giverId, input.giverId),
            onDomain(input.domain),
            ne(referrals.id, input.exceptReferralId),
            gt(referrals.createdAt, input.since),
            isNull(feedbackFlags.feedbackId),
          ),
        );
    },

    async markFlagged(feedbackId: string) {
      await db.update(feedback).set({ verification: 'flagged' }).where(eq(feedback.id, feedbackId));
    },

    /** The active hosts of a group, with the addresses their mail goes to, and the group's language. */
    async hostsOf(groupId: string) {
      return db
        .select({ email: accounts.email, name: accounts.name, locale: groups.locale, groupName: groups.name })
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .innerJoin(groups, eq(groups.id, members.groupId))
        .where(and(eq(members.groupId, groupId), eq(members.role, 'host'), eq(members.active, true), isNull(members.deletedAt)));
    },

    async countOpen(groupId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(feedbackFlags)
        .where(and(eq(feedbackFlags.groupId, groupId), isNull(feedbackFlags.verdict)));
      return row?.n ?? 0;
    },

    /** The group's flagged answers, open ones first, newest first; with the referral they answer. */
    async flagsOf(groupId: string, limit: number) {
      const query = db
        .select({
          feedbackId: feedbackFlags.feedbackId,
          reasons: feedbackFlags.reasons,
          linkKind: feedbackFlags.linkKind,
          verdict: feedbackFlags.verdict,
          reviewedAt: feedbackFlags.reviewedAt,
          flaggedAt: feedbackFlags.createdAt,
          referralId: referrals.id,
          topic: referrals.topic,
          referredAt: referrals.createdAt,
          giverName: giverAccount.name,
          receiverName: receiverAccount.name,
          contacted: feedback.contacted,
          rating: feedback.rating,
        })
        .from(feedbackFlags)
        .innerJoin(feedback, eq(feedback.id, feedbackFlags.feedbackId))
        .innerJoin(referrals, eq(referrals.id, feedback.referralId))
        .$dynamic();
      return withParties(query)
        .where(eq(feedbackFlags.groupId, groupId))
        .orderBy(sql`${feedbackFlags.verdict} is not null`, desc(feedbackFlags.createdAt))
        .limit(limit);
    },

    /** Records the verdict if none is recorded yet (the first review is final); the flag's facts, or nothing. */
    async claimVerdict(input: { feedbackId: string; groupId: string; verdict: 'genuine' | 'not_genuine'; by: string; at: Date }) {
      const [row] = await db
        .update(feedbackFlags)
        .set({ verdict: input.verdict, reviewedBy: input.by, reviewedAt: input.at })
        .where(and(eq(feedbackFlags.feedbackId, input.feedbackId), eq(feedbackFlags.groupId, input.groupId), isNull(feedbackFlags.verdict)))
        .returning({ linkKind: feedbackFlags.linkKind, feedbackId: feedbackFlags.feedbackId });
      return row;
    },

    async flagOf(feedbackId: string, groupId: string) {
      const [row] = await db
        .select({ verdict: feedbackFlags.verdict })
        .from(feedbackFlags)
        .where(and(eq(feedbackFlags.feedbackId, feedbackId), eq(feedbackFlags.groupId, groupId)));
      return row;
    },

    /** The ledger's events of one feedback (the receiver's and the giver's), in ledger order. */
    async feedbackEventsOf(feedbackId: string) {
      return db
        .select({ id: trustEvents.id, groupId: trustEvents.groupId, kind: trustEvents.kind, memberId: trustEvents.memberId, topic: trustEvents.topic, referralId: trustEvents.referralId })
        .from(trustEvents)
        .innerJoin(feedback, eq(feedback.referralId, trustEvents.referralId))
        .where(and(eq(feedback.id, feedbackId), inArray(trustEvents.kind, ['feedback', 'referrer_feedback'])))
        .orderBy(asc(trustEvents.seq));
    },

    async deleteExpiredSightings(now: Date): Promise<number> {
      const rows = await db.delete(deviceSightings).where(lte(deviceSightings.expiresAt, now)).returning({ id: deviceSightings.id });
      return rows.length;
    },

    /** Empties the reasons of flags past their retention date; the verdict and the ledger event stay. */
    async clearExpiredReasons(now: Date): Promise<number> {
      const rows = await db
        .update(feedbackFlags)
        .set({ reasons: [] })
        .where(and(lte(feedbackFlags.expiresAt, now), sql`cardinality(${feedbackFlags.reasons}) > 0`))
        .returning({ id: feedbackFlags.feedbackId });
      return rows.length;
    },

    /** When a member was seen (dates only: the hashes are not the member's business either). */
    async sightingDatesOf(memberIds: string[]) {
      return db
        .select({ seenAt: deviceSightings.seenAt, expiresAt: deviceSightings.expiresAt })
        .from(deviceSightings)
        .where(inArray(deviceSightings.memberId, memberIds))
        .orderBy(asc(deviceSightings.seenAt));
    },

    async deleteSightingsOf(memberIds: string[]) {
      await db.delete(deviceSightings).where(inArray(deviceSightings.memberId, memberIds));
    },
  };
}
