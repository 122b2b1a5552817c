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

/** Pure: the events as the scorer folds them — verdicts applied to their answers, verdict events left out. */
export function withReviews<T extends TrustEvent>(events: Iterable<T>): T[] {
  const all = [...events];
  if (!all.some((e) => e.kind === REVIEW_KIND)) return all;
  const verdicts = verdictsOf(all);
  return all.flatMap((e) => {
    if (e.kind === REVIEW_KIND) return [];
    const review = verdicts.get(e.id);
    if (!review || e.verification !== 'flagged') return [e];
    return [{ ...e, verification: review.verification }];
  });
}
