/**
 * Hosts' verdicts on flagged client answers (server/signals appends them as `feedback_reviewed`
 * events; the ledger is never edited). Pure: applied to a member's events before they are folded.
 *
 * A flagged `feedback` / `referrer_feedback` counts nothing (weights.ts). A verdict names it in
 * `reversesId` and carries what it weighs from then on in `verification`: the weight of the link
 * it came through when genuine ('mailbox' 1, 'shared' ½), still 'flagged' when not. A genuine
 * answer then counts exactly as it would have without the flag: at its own place in the ledger,
 * with its own age, for the 30-day rule and for superseding a missed deadline. The first verdict
 * on an event is final; the verdict events themselves are not outcomes and are not folded.
 */
import type { TrustEvent } from '../ledger/events.js';

export type ReviewVerdict = 'genuine' | 'not_genuine';

export const REVIEW_KIND = 'feedback_reviewed';
/** An answer held back after the fact: flagged from then on, until a verdict (server/signals). */
export const HOLD_KIND = 'feedback_held';

/** Pure: the first verdict on each reviewed event id. */
export function verdictsOf(events: Iterable<Pick<TrustEvent, 'kind' | 'reversesId' | 'verification'>>): Map<string, { verdict: ReviewVerdict; verification: string }> {
  const verdicts = new Map<string, { verdict: ReviewVerdict; verification: string }>();
  for (const e of events) {
    if (e.kind !== REVIEW_KIND || !e.reversesId || verdicts.has(e.reversesId)) continue;
    const genuine = e.verification === 'mailbox' || e.verification === 'shared';
    verdicts.set(e.reversesId, { verdict: genuine ? 'genuine' : 'not_genuine', verification: genuine ? e.verification! : 'flagged' });
  }
  return verdicts;
}

/** Pure: the answers held back after the fact (`feedback_held`), by id. */
export function heldAnswerIds(events: Iterable<Pick<TrustEvent, 'kind' | 'reversesId'>>): Set<string> {
  const held = new Set<string>();
  for (const e of events) if (e.kind === HOLD_KIND && e.reversesId) held.add(e.reversesId);
  return held;
}

/**
 * Pure: the events as the scorer folds them — held answers flagged, verdicts applied to their
 * answers, hold and verdict events left out. A held answer weighs 0 from the start, as if it had
 * arrived flagged: a pattern seen later says as much about the earlier answers as about the last.
 */
export function withReviews<T extends TrustEvent>(events: Iterable<T>): T[] {
  const all = [...events];
  if (!all.some((e) => e.kind === REVIEW_KIND || e.kind === HOLD_KIND)) return all;
  const verdicts = verdictsOf(all);
  const held = heldAnswerIds(all);
  return all.flatMap((e) => {
    if (e.kind === REVIEW_KIND || e.kind === HOLD_KIND) return [];
    if (e.verification !== 'flagged' && !held.has(e.id)) return [e];
    const review = verdicts.get(e.id);
    return [{ ...e, verification: review ? review.verification : 'flagged' }];
  });
}
