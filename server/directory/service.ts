/**
 * "Wen kann ich empfehlen für …?" — the directory's search over its projection (projection.ts).
 */
import type { Db } from '../../db/client.js';
import { normaliseTopic } from '../ledger/append.js';
import { teaser } from '../shared/teaser.js';
import { groupBy } from './group-by.js';
import { namesPartOf, searchTerms } from './need.js';
import { directoryQueries, searchConfigFor } from './queries.js';
import { type Candidate, rankCandidates, type Ranked, type StoredStats } from './ranking.js';
import type { DirectoryQuery } from './schemas.js';

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
        warumTeaser: teaser(c.warum),
        trades: (seatsByMember.get(r.memberId) ?? []).map((s) => s.name),
      };
    }),
    trades: trades.map(({ id, name }) => ({ id, name })),
    regions,
    understoodTrades: trades.filter((t) => t.matches).map((t) => t.name),
    unknownTrade: false,
  };
}
