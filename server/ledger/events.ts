/**
 * Trust events as the scorer reads them (DESIGN.md, "Trust model"; rule version 2).
 *
 * The shape is a structural subset of a `trust_events` row, so rows from `ledgerQueries` can be
 * scored as they are: no mapping layer, and nothing the chain hashes is reinterpreted on the way.
 * Loose column types (a rating is any number, `neverContacted` may be null) are checked where
 * the weights are decided, and a bad row is explained instead of crashing a page.
 */
import type { TRUST_EVENT_KINDS } from '../../db/schema.js';

export type TrustEventKind = (typeof TRUST_EVENT_KINDS)[number];

/** A client's star rating of how a referral went. */
export type Rating = 1 | 2 | 3 | 4 | 5;

export type TrustEvent = {
  id: string;
  kind: TrustEventKind;
  /**
   * The subject: whose score the event moves. The receiver of the referral, or the giver for
   * `referrer_feedback`. A reversal moves its target's subject, whatever it says here.
   */
  memberId: string;
  /** Already normalised by the ledger (`normaliseTopic` in append.ts); null = no topic. */
  topic: string | null;
  referralId?: string | null;
  /** Pseudonymous client id: for "the same client counts once per provider per 30 days". */
  clientId?: string | null;
  /** Who gave the referral: for counting the distinct givers behind a score. */
  giverId?: string | null;
  /** `feedback` / `referrer_feedback`: 1..5, unless the client says they were never contacted. */
  rating?: number | null;
  neverContacted?: boolean | null;
  /** `reversal`: the event it cancels. */
  reversesId?: string | null;
  /**
   * `feedback` / `referrer_feedback`, rule version 2: how the client's answer was verified.
   * Older rows have none and are read as 'shared' (we cannot know).
   */
  verification?: string | null;
  occurredAt: Date;
};

/** Which score an event feeds: the member's trust as a provider, or their accuracy as a referrer. */
export type Track = 'trust' | 'referrer_accuracy';

/** A reversal has no track of its own: it follows its target. */
export function trackOf(kind: Exclude<TrustEventKind, 'reversal'>): Track {
  return kind === 'referrer_feedback' ? 'referrer_accuracy' : 'trust';
}

export function isRating(value: unknown): value is Rating {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;
}
