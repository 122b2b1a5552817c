/**
 * The rule table of DESIGN.md, "Trust model" (rule version 2): the positive weight r and the
 * negative weight s each kind of event carries before decay. Reversals are not in the table:
 * they take their target's weights with the sign flipped (see `tally.ts`).
 */
import { isRating, type Rating, type TrustEvent } from '../ledger/events.js';

/** One event's positive and negative weight. */
export type Weights = { r: number; s: number };

/** Sums of decayed weights: the evidence behind a score, N = R + S. */
export type Evidence = { R: number; S: number };

/** Why an event about the member carries no weight by the table itself. */
export type UnweightedReason =
  /** `referral_given`: the trust advance is shown, never scored. */
  | 'advance_not_scored'
  /**
   * `referrer_feedback` saying the receiver never called: it tells us about the receiver (who
   * gets s = 1 for it), nothing about whether the giver judged the client's need well.
   */
  | 'never_contacted_not_held_against_giver'
  /**
   * A client's answer held back by the signals of a bought answer (server/signals) and not (yet)
   * found genuine by a host: it counts nothing, takes no client's 30-day slot and confirms no contact.
   */
  | 'flagged_for_review'
  /** A feedback without a 1..5 rating or "never contacted", or a kind this rule version does not know. */
  | 'invalid_event';

export type Weighing = { weighted: true; base: Weights } | { weighted: false; reason: UnweightedReason };

const weighted = (base: Weights): Weighing => ({ weighted: true, base });
const unweighted = (reason: UnweightedReason): Weighing => ({ weighted: false, reason });

/** q = 5 → r 1, s 0; q = 3 → r ½, s ½; q = 1 → r 0, s 1. */
export function ratingWeights(rating: Rating): Weights {
  return { r: (rating - 1) / 4, s: (5 - rating) / 4 };
}

/**
 * Rule version 2: how much a client's answer counts depends on who can have given it. Through the
 * link mailed to the client's own address only the mailbox's owner answers: full weight. The link
 * the giver was shown may have been answered by anyone it reached (the giver included, from
 * another browser), so it counts half — still evidence, since most groups share links by hand, but
 * two shared answers are needed for one confirmed by the mailbox. A flagged answer counts nothing
 * until a host reviews it. Rows from before the verification was recorded are read as 'shared'.
 */
export const VERIFICATION_FACTORS = { mailbox: 1, shared: 0.5, flagged: 0 } as const;

export type Verification = keyof typeof VERIFICATION_FACTORS;

export function verificationOf(event: Pick<TrustEvent, 'verification'>): Verification {
  const v = event.verification;
  return v === 'mailbox' || v === 'flagged' ? v : 'shared';
}

function clientAnswer(weights: Weights, event: TrustEvent): Weighing {
  if (verificationOf(event) === 'flagged') return unweighted('flagged_for_review');
  const factor = VERIFICATION_FACTORS[verificationOf(event)];
  return weighted({ r: weights.r * factor, s: weights.s * factor });
}

/** "Never contacted" wins over a rating sent along with it: the client said nobody called. */
export function baseWeights(event: TrustEvent): Weighing {
  switch (event.kind) {
    case 'referral_given':
      return unweighted('advance_not_scored');
    case 'feedback':
      if (event.neverContacted === true) return clientAnswer({ r: 0, s: 1 }, event);
      return isRating(event.rating) ? clientAnswer(ratingWeights(event.rating), event) : unweighted('invalid_event');
    case 'referrer_feedback':
      if (event.neverContacted === true) return unweighted('never_contacted_not_held_against_giver');
      return isRating(event.rating) ? clientAnswer(ratingWeights(event.rating), event) : unweighted('invalid_event');
    case 'business_closed':
      return weighted({ r: 0.5, s: 0 });
    case 'response_overdue':
      return weighted({ r: 0, s: 0.5 });
    default:
      // `reversal` has no weights of its own; anything else is a kind from another rule version.
      return unweighted('invalid_event');
  }
}
