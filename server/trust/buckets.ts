/**
 * The running sums behind the scores: one bucket per score (overall, each topic, referrer
 * accuracy), each with R, S and who stands behind them. `tally.ts` decides what counts; this file
 * only adds and removes what was decided.
 */
import type { Track, TrustEvent, TrustEventKind } from '../ledger/events.js';
import type { Evidence, Weights } from './weights.js';

/** How many counted, unreversed events name each client (or giver) id. */
export type Support = Map<string, number>;

export type Bucket = Evidence & { clients: Support; givers: Support };

/** Every bucket of one member. */
export type Buckets = {
  readonly overall: Bucket;
  readonly topics: Map<string, Bucket>;
  readonly referrerAccuracy: Bucket;
};

/** What adding or removing a counted event needs to know about it. */
export type Applied = {
  event: Pick<TrustEvent, 'kind' | 'clientId' | 'giverId'>;
  explained: { track: Track; topic: string | null; contribution: Weights };
};

/**
 * The kinds that carry an outcome for the referred client: what the client said, or the business
 * they gave. A missed response deadline is a fact about the receiver, not an outcome the client
 * had, so a client whose referral only went overdue is not one of the clients behind a score.
 */
const CLIENT_OUTCOMES: ReadonlySet<TrustEventKind> = new Set<TrustEventKind>(['feedback', 'referrer_feedback', 'business_closed']);

export const emptyBucket = (): Bucket => ({ R: 0, S: 0, clients: new Map(), givers: new Map() });

/** Adds (+1) or removes (−1) a counted outcome's contribution and support. */
export function apply(buckets: Buckets, { event, explained }: Applied, sign: 1 | -1): void {
  const affected =
    explained.track === 'referrer_accuracy'
      ? [buckets.referrerAccuracy]
      : [buckets.overall, ...(explained.topic === null ? [] : [topicBucket(buckets, explained.topic)])];
  for (const bucket of affected) {
    bucket.R += sign * explained.contribution.r;
    bucket.S += sign * explained.contribution.s;
    if (CLIENT_OUTCOMES.has(event.kind)) countSupport(bucket.clients, event.clientId, sign);
    countSupport(bucket.givers, event.giverId, sign);
  }
}

export function topicBucket(buckets: Buckets, topic: string): Bucket {
  let bucket = buckets.topics.get(topic);
  if (!bucket) buckets.topics.set(topic, (bucket = emptyBucket()));
  return bucket;
}

function countSupport(support: Support, id: string | null | undefined, sign: 1 | -1): void {
  if (!id) return;
  const n = (support.get(id) ?? 0) + sign;
  if (n === 0) support.delete(id);
  else support.set(id, n);
}
