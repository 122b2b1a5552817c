import { type AnyColumn, and, asc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, groups, members, memberSearch, memberTopicStats, memberTrades, referrals, trades, trustEvents } from '../../db/schema.js';
import { byTradeName, hasPhoto, scoredColumns, tradeOption, withAccountAndPhoto } from '../../db/selections.js';
import type { TopicStats } from './topic-stats.js';

/** The text-search configuration of a group's language. */
export type SearchConfig = 'german' | 'english';

export const searchConfigFor = (locale: string): SearchConfig => (locale === 'en' ? 'english' : 'german');

/** A trade name counts as found when this much of it appears in the need (pg_trgm word_similarity). */
export const TRADE_SIMILARITY = 0.55;

const SEATED = ['active', 'exception'] as const;
/** Members the directory may ever show. */
const listed = and(eq(members.active, true), isNull(members.deletedAt));

/**
 * The need as a tsquery whose words are OR-ed: "Steuerberatung für Onlinehändler" finds a tax
 * adviser whose texts never say "Onlinehändler"; ts_rank still prefers documents with more words.
 */
const needQuery = (cfg: SearchConfig, need: string) => sql`replace(plainto_tsquery(${cfg}::regconfig, ${need})::text, ' & ', ' | ')::tsquery`;

/** Whether a short text (a trade name, a topic) is what the need asks for: a stem or, despite typos, most of its trigrams. */
const textMatches = (cfg: SearchConfig, need: string, text: SQL | AnyColumn) =>
  sql<boolean>`(to_tsvector(${cfg}::regconfig, ${text}) @@ ${needQuery(cfg, need)} or word_similarity(lower(${text}), lower(${need})) >= ${TRADE_SIMILARITY})`;

export type SearchFilters = { groupId: string; cfg: SearchConfig; need: string; tradeId: string | null; region: string | null };

export function directoryQueries(db: Db) {
  return {
    /** The member's group and language, and whether the directory may list them at all. */
    async memberContext(memberId: string) {
      const [row] = await db
        .select({ groupId: members.groupId, locale: groups.locale, listed: sql<boolean>`(${members.active} and ${members.deletedAt} is null)` })
        .from(members)
        .innerJoin(groups, eq(groups.id, members.groupId))
        .where(eq(members.id, memberId));
      return row;
    },

    /** Seconds from referral to first contact for each contacted referral the member received. */
    async firstContacts(memberIds: string[]) {
      if (memberIds.length === 0) return [];
      return db
        .select({
          memberId: referrals.receiverId,
          topic: referrals.topic,
          seconds: sql<number>`greatest(0, extract(epoch from (${referrals.contactedAt} - ${referrals.createdAt})))::float8`,
        })
        .from(referrals)
        .where(and(inArray(referrals.receiverId, memberIds), isNotNull(referrals.contactedAt)));
    },

    /** The events of several members, each member's in ledger order (for rebuilding in batches). */
    async eventsOfMembers(memberIds: string[]) {
      if (memberIds.length === 0) return [];
      return db
        .select(scoredColumns)
        .from(trustEvents)
        .where(inArray(trustEvents.memberId, memberIds))
        .orderBy(asc(trustEvents.memberId), asc(trustEvents.occurredAt), asc(trustEvents.seq));
    },

    /** Every member, in id order, after `afterId`: the rebuild walks them in batches. */
    async memberBatch(afterId: string | null, limit: number) {
      return db
        .select({ id: members.id, groupId: members.groupId })
        .from(members)
        .where(afterId ? sql`${members.id} > ${afterId}` : undefined)
        .orderBy(asc(members.id))
        .limit(limit);
    },

    /**
     * Writes these rows and removes the members' rows for topics not among them. Upsert, not
     * delete-and-insert: two refreshes of one member at once must not collide on the key.
     */
    async replaceStats(rows: (TopicStats & { memberId: string; groupId: string })[], memberIds: string[]) {
      for (let from = 0; from < rows.length; from += 1_000) {
        await db
          .insert(memberTopicStats)
          .values(rows.slice(from, from + 1_000))
          .onConflictDoUpdate({
            target: [memberTopicStats.memberId, memberTopicStats.topic],
            set: {
              groupId: sql`excluded.group_id`,
              positiveScaled: sql`excluded.positive_scaled`,
              negativeScaled: sql`excluded.negative_scaled`,
              confirmedOutcomes: sql`excluded.confirmed_outcomes`,
              distinctClients: sql`excluded.distinct_clients`,
              distinctGivers: sql`excluded.distinct_givers`,
              medianFirstContactSeconds: sql`excluded.median_first_contact_seconds`,
              lastOutcomeAt: sql`excluded.last_outcome_at`,
              refreshedAt: sql`now()`,
            },
          });
      }
      if (memberIds.length === 0) return;
      const keep = rows.map((r) => sql`(${r.memberId}::uuid, ${r.topic})`);
      await db
        .delete(memberTopicStats)
        .where(
          and(
            inArray(memberTopicStats.memberId, memberIds),
            keep.length > 0 ? sql`(${memberTopicStats.memberId}, ${memberTopicStats.topic}) not in (${sql.join(keep, sql`, `)})` : undefined,
          ),
        );
    },

    /** Every instance drops what it keeps (plugins/freshness.ts). */
    async announceChange() {
      await db.execute(sql`select pg_notify('kreis_changed', '')`);
    },

    async deleteStats(memberIds: string[]) {
      if (memberIds.length > 0) await db.delete(memberTopicStats).where(inArray(memberTopicStats.memberId, memberIds));
    },

    /**
     * The search documents of these members (all members when `memberIds` is null), rebuilt from
     * the tables they are made of (all members, or a group's, when `memberIds` is null): trades (A), offer and "good referral" (B), Warum (C), topics
     * of confirmed outcomes (B), in the group's language. Inactive and deleted members lose theirs.
     */
    async refreshSearch(memberIds: string[] | null, groupId?: string) {
      if (memberIds?.length === 0) return;
      const only = memberIds
        ? sql`and m.id in (${sql.join(memberIds.map((id) => sql`${id}::uuid`), sql`, `)})`
        : groupId
          ? sql`and m.group_id = ${groupId}`
          : sql``;
      await db.execute(sql`
        insert into member_search (member_id, group_id, document, refreshed_at)
        select m.id, m.group_id,
          setweight(to_tsvector(c.cfg, coalesce((
            select string_agg(t.name, ' ') from member_trades mt join trades t on t.id = mt.trade_id
            where mt.member_id = m.id and mt.status in ('active', 'exception')), '')), 'A')
          || setweight(to_tsvector(c.cfg, m.offer || ' ' || m.good_referral), 'B')
          || setweight(to_tsvector(c.cfg, m.warum), 'C')
          || setweight(to_tsvector(c.cfg, coalesce((
            select string_agg(s.topic, ' ') from member_topic_stats s
            where s.member_id = m.id and s.topic <> '' and s.confirmed_outcomes > 0), '')), 'B'),
          now()
        from members m
        join groups g on g.id = m.group_id
        cross join lateral (select (case g.locale when 'en' then 'english' else 'german' end)::regconfig as cfg) c
        where m.active and m.deleted_at is null ${only}
        on conflict (member_id) do update
          set document = excluded.document, group_id = excluded.group_id, refreshed_at = excluded.refreshed_at`);
      await db.execute(sql`
        delete from member_search s using members m
        where m.id = s.member_id and not (m.active and m.deleted_at is null) ${only}`);
    },

    // ─── Search ────────────────────────────────────────────────────────────────────────────

    /** The group's trades for the filter. */
    async groupTrades(groupId: string) {
      return db.select(tradeOption).from(trades).where(eq(trades.groupId, groupId)).orderBy(byTradeName);
    },

    /**
     * Which of the group's trades (with how closely) and which topics of its aggregates the need
     * names: the part of a search that depends on the need, in one round trip.
     */
    async needMatches(groupId: string, cfg: SearchConfig, need: string) {
      const tradeMatches = db
        .select({
          kind: sql<'trade' | 'topic'>`'trade'`.as('kind'),
          key: sql<string>`${trades.id}::text`.as('key'),
          matches: textMatches(cfg, need, trades.name).as('matches'),
          similarity: sql<number>`word_similarity(lower(${trades.name}), lower(${need}))::float8`.as('similarity'),
        })
        .from(trades)
        .where(eq(trades.groupId, groupId));
      const topicMatches = db
        .selectDistinct({
          kind: sql<'trade' | 'topic'>`'topic'`.as('kind'),
          key: memberTopicStats.topic,
          matches: textMatches(cfg, need, memberTopicStats.topic).as('matches'),
          similarity: sql<number>`0::float8`.as('similarity'),
        })
        .from(memberTopicStats)
        .where(and(eq(memberTopicStats.groupId, groupId), sql`${memberTopicStats.topic} <> ''`));
      return tradeMatches.unionAll(topicMatches);
    },

    /** Regions the group's listed members name, for the filter. */
    async groupRegions(groupId: string) {
      const rows = await db
        .selectDistinct({ region: members.region })
        .from(members)
        .where(and(eq(members.groupId, groupId), listed, sql`${members.region} <> ''`))
        .orderBy(asc(members.region));
      return rows.map((r) => r.region);
    },

    /** Listed members of the group passing the filters, with how well their document matches the need. */
    async candidates(f: SearchFilters) {
      const q = f.need ? needQuery(f.cfg, f.need) : null;
      const query = db
        .select({
          memberId: members.id,
          slug: members.slug,
          name: accounts.name,
          warum: members.warum,
          region: members.region,
          hasPhoto,
          textMatch: q ? sql<boolean>`coalesce(${memberSearch.document} @@ ${q}, false)` : sql<boolean>`false`,
          textRank: q ? sql<number>`coalesce(ts_rank(${memberSearch.document}, ${q}), 0)::float8` : sql<number>`0::float8`,
        })
        .from(members)
        .leftJoin(memberSearch, eq(memberSearch.memberId, members.id))
        .$dynamic();
      return withAccountAndPhoto(query)
        .where(
          and(
            eq(members.groupId, f.groupId),
            listed,
            f.region ? sql`lower(${members.region}) = lower(${f.region})` : undefined,
            f.tradeId
              ? sql`exists (select 1 from ${memberTrades} where ${memberTrades.memberId} = ${members.id}
                  and ${memberTrades.tradeId} = ${f.tradeId} and ${memberTrades.status} in ('active', 'exception'))`
              : undefined,
          ),
        );
    },

    /** Seated trades of the group's listed members. */
    async seats(groupId: string) {
      return db
        .select({ memberId: memberTrades.memberId, tradeId: trades.id, name: trades.name })
        .from(memberTrades)
        .innerJoin(trades, eq(trades.id, memberTrades.tradeId))
        .innerJoin(members, eq(members.id, memberTrades.memberId))
        .where(and(eq(members.groupId, groupId), listed, inArray(memberTrades.status, [...SEATED])))
        .orderBy(byTradeName);
    },

    /** The group's aggregate rows. */
    async stats(groupId: string) {
      return db
        .select({
          memberId: memberTopicStats.memberId,
          topic: memberTopicStats.topic,
          positiveScaled: memberTopicStats.positiveScaled,
          negativeScaled: memberTopicStats.negativeScaled,
          confirmedOutcomes: memberTopicStats.confirmedOutcomes,
          distinctClients: memberTopicStats.distinctClients,
          distinctGivers: memberTopicStats.distinctGivers,
          medianFirstContactSeconds: memberTopicStats.medianFirstContactSeconds,
          lastOutcomeAt: memberTopicStats.lastOutcomeAt,
        })
        .from(memberTopicStats)
        .where(eq(memberTopicStats.groupId, groupId));
    },
  };
}
