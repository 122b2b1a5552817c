/**
 * "Wen kann ich empfehlen für …?" — the directory's use cases: keeping its precomputed
 * aggregates and search documents fresh, and answering a member's search.
 *
 * The aggregates (member_topic_stats, member_search) are derived from the ledger, the profiles and
 * the trades, refreshed where those change and rebuildable at any time (`npm run
 * aggregates:rebuild`); they are never authoritative — the trust page folds the ledger itself.
 */
import type { Db } from '../../db/client.js';
import { normaliseTopic } from '../ledger/append.js';
import type { TrustEvent } from '../ledger/events.js';
import { ledgerQueries } from '../ledger/queries.js';
import { warumTeaser } from '../members/service.js';
import { namesPartOf, searchTerms } from './need.js';
import { directoryQueries, searchConfigFor } from './queries.js';
import { type Candidate, rankCandidates, type Ranked, type StoredStats } from './ranking.js';
import type { DirectoryQuery } from './schemas.js';
import { type FirstContact, foldTopicStats } from './topic-stats.js';

// ─── Keeping the aggregates fresh ─────────────────────────────────────────────────────────────

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

const contactsOf = (rows: { topic: string; seconds: number }[]): FirstContact[] =>
  rows.map((r) => ({ topic: normaliseTopic(r.topic), seconds: r.seconds }));

/**
 * Recomputes one member's trust aggregates from their events and referrals. Serialised with the
 * group's ledger appends (the chain lock), so a refresh never writes a fold older than one that
 * already committed. Call inside the transaction that changed the ledger or the referral.
 */
export async function refreshMemberStats(db: Db, memberId: string): Promise<void> {
  const q = directoryQueries(db);
  const context = await q.memberContext(memberId);
  if (!context) return;
  await ledgerQueries(db).lockGroupChain(context.groupId);
  const [events, contacts] = await Promise.all([q.eventsOfMembers([memberId]), q.firstContacts([memberId])]);
  const rows = foldTopicStats(events as TrustEvent[], memberId, contactsOf(contacts));
  await q.replaceStats(
    rows.map((row) => ({ ...row, memberId, groupId: context.groupId })),
    [memberId],
  );
}

/** Rebuilds the members' search documents (trades, offer, good referral, Warum, confirmed topics). */
export async function refreshMemberSearch(db: Db, memberIds: string[]): Promise<void> {
  await directoryQueries(db).refreshSearch(memberIds);
}

/** Every document of a group, e.g. after its language changed. */
export async function refreshGroupSearch(db: Db, groupId: string): Promise<void> {
  await directoryQueries(db).refreshSearch(null, groupId);
}

/** After trust events: the members' aggregates, then their documents (confirmed topics are part of them). */
export async function refreshMembers(db: Db, memberIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(memberIds)].sort();
  for (const id of ids) await refreshMemberStats(db, id);
  await refreshMemberSearch(db, ids);
}

const REBUILD_BATCH = 500;

/** Everything from scratch, in batches of members: for `npm run aggregates:rebuild`, the demo and benchmarks. */
export async function rebuildAllAggregates(db: Db): Promise<{ members: number; rows: number }> {
  const q = directoryQueries(db);
  let after: string | null = null;
  let memberCount = 0;
  let rowCount = 0;
  for (;;) {
    const batch = await q.memberBatch(after, REBUILD_BATCH);
    if (batch.length === 0) break;
    const ids = batch.map((m) => m.id);
    const [events, contacts] = await Promise.all([q.eventsOfMembers(ids), q.firstContacts(ids)]);
    const eventsByMember = groupBy(events, (e) => e.memberId);
    const contactsByMember = groupBy(contacts, (c) => c.memberId);
    const rows = batch.flatMap((m) =>
      foldTopicStats((eventsByMember.get(m.id) ?? []) as TrustEvent[], m.id, contactsOf(contactsByMember.get(m.id) ?? [])).map((row) => ({
        ...row,
        memberId: m.id,
        groupId: m.groupId,
      })),
    );
    await q.deleteStats(ids);
    await q.replaceStats(rows, []);
    memberCount += batch.length;
    rowCount += rows.length;
    after = ids[ids.length - 1]!;
  }
  await q.refreshSearch(null);
  // The aggregates have no trigger of their own (they change with the tables they are built from);
  // a rebuild changes them alone, so it tells every instance itself.
  await q.announceChange();
  return { members: memberCount, rows: rowCount };
}

// ─── Searching ───────────────────────────────────────────────────────────────────────────────

/** Who is searching: a member, in their one group. */
export type Searcher = { groupId: string; locale: string };

export type DirectoryResult = Ranked & {
  slug: string;
  name: string;
  hasPhoto: boolean;
  trades: string[];
  warumTeaser: string;
  region: string;
};

export type DirectorySearch = {
  results: DirectoryResult[];
  trades: { id: string; name: string }[];
  regions: string[];
  /** The group's trades the need names (typos included), to say what was understood. */
  understoodTrades: string[];
  /** The trade filter names no trade of the group: the searcher's error, answered with 400. */
  unknownTrade: boolean;
};

/** What every search in a group reads, whatever the need: kept per group until data changes (routes.ts). */
export type GroupDirectory = {
  trades: { id: string; name: string }[];
  regions: string[];
  seats: { memberId: string; tradeId: string; name: string }[];
  stats: ({ memberId: string; topic: string } & StoredStats)[];
};

export async function loadGroupDirectory(db: Db, groupId: string): Promise<GroupDirectory> {
  const q = directoryQueries(db);
  const [trades, regions, seats, stats] = await Promise.all([q.groupTrades(groupId), q.groupRegions(groupId), q.seats(groupId), q.stats(groupId)]);
  return { trades, regions, seats, stats };
}

/**
 * Ranks the searcher's group for a need. Only listed members (active, not deleted) of the
 * searcher's own group are ever read. `groupDirectory` may come from a cache; it is not changed.
 */
export async function searchDirectory(
  db: Db,
  searcher: Searcher,
  input: DirectoryQuery,
  now: Date,
  groupDirectory: (groupId: string) => Promise<GroupDirectory> = (groupId) => loadGroupDirectory(db, groupId),
): Promise<DirectorySearch> {
  const q = directoryQueries(db);
  const cfg = searchConfigFor(searcher.locale);
  const need = searchTerms(input.q);
  const filters = { groupId: searcher.groupId, cfg, need, tradeId: input.trade ?? null, region: input.region || null };
  const [group, candidates, needMatches] = await Promise.all([
    groupDirectory(searcher.groupId),
    q.candidates(filters),
    need ? q.needMatches(searcher.groupId, cfg, need) : Promise.resolve([]),
  ]);
  const { regions, seats } = group;
  const tradeMatches = new Map(needMatches.filter((m) => m.kind === 'trade').map((m) => [m.key, m]));
  const topicMatches = new Set(needMatches.filter((m) => m.kind === 'topic' && m.matches).map((m) => m.key));
  const trades = group.trades.map((t) => ({ ...t, matches: tradeMatches.get(t.id)?.matches ?? false, similarity: tradeMatches.get(t.id)?.similarity ?? 0 }));
  const stats = group.stats.map((row) => ({ ...row, matches: topicMatches.has(row.topic) }));
  const filterTrade = input.trade ? trades.find((t) => t.id === input.trade) : undefined;
  // Another group's trade looks exactly like an unknown one.
  if (input.trade && !filterTrade) return { results: [], trades: trades.map(({ id, name }) => ({ id, name })), regions, understoodTrades: [], unknownTrade: true };

  // The database judged stems and typos; compounds ("Umzug" → "Umzugsservice") are judged here.
  for (const trade of trades) trade.matches ||= need !== '' && namesPartOf(trade.name, need);
  for (const row of stats) row.matches ||= need !== '' && row.topic !== '' && namesPartOf(row.topic, need);
  const tradeById = new Map(trades.map((t) => [t.id, t]));
  const seatsByMember = groupBy(seats, (s) => s.memberId);
  const statsByMember = groupBy(stats, (s) => s.memberId);
  const ranked = rankCandidates(
    candidates.map((c): Candidate => {
      const ownSeats = seatsByMember.get(c.memberId) ?? [];
      const ownStats = statsByMember.get(c.memberId) ?? [];
      const matchedSeats = ownSeats.filter((s) => tradeById.get(s.tradeId)?.matches);
      const needTopics = [...matchedSeats.map((s) => normaliseTopic(s.name)), ...ownStats.filter((s) => s.matches).map((s) => s.topic)];
      const topics = [...needTopics, ...(filterTrade ? [normaliseTopic(filterTrade.name)] : [])].filter((t): t is string => Boolean(t));
      return {
        memberId: c.memberId,
        name: c.name,
        textMatch: c.textMatch,
        textRank: c.textRank,
        matchedTopics: topics,
        needMatchesTopic: needTopics.length > 0,
        tradeSimilarity: Math.max(0, ...matchedSeats.map((s) => tradeById.get(s.tradeId)?.similarity ?? 0)),
        stats: new Map(ownStats.map(({ topic, memberId: _m, matches: _x, ...row }): [string, StoredStats] => [topic, row])),
      };
    }),
    { now, hasNeed: need !== '', confirmedOnly: input.confirmed },
  );
  const byId = new Map(candidates.map((c) => [c.memberId, c]));
  return {
    results: ranked.map((r) => {
      const c = byId.get(r.memberId)!;
      return {
        ...r,
        slug: c.slug,
        name: c.name,
        hasPhoto: c.hasPhoto,
        region: c.region,
        warumTeaser: warumTeaser(c.warum),
        trades: (seatsByMember.get(r.memberId) ?? []).map((s) => s.name),
      };
    }),
    trades: trades.map(({ id, name }) => ({ id, name })),
    regions,
    understoodTrades: trades.filter((t) => t.matches).map((t) => t.name),
    unknownTrade: false,
  };
}
