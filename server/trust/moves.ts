/**
 * "What would move it": the next steps a member can take, as numbers the UI puts into words
 * ("2 more confirmed outcomes → 71", "one outcome where nobody called → 48").
 */
import { ratingWeights, type Weights } from './weights.js';

/** Milestones are the multiples of 10; 100 itself is never reached (the bound stays below 1). */
export const MILESTONE_STEP = 10;
/** Beyond this many outcomes a milestone is not a useful next step, so we stop looking. */
export const MAX_OUTCOMES_LOOKED_AHEAD = 100;

// A fresh outcome weighs fully: rated 5 → r 1; rated 1 (or "never contacted") → s 1.
const FRESH_POSITIVE = ratingWeights(5);
const FRESH_NEGATIVE = ratingWeights(1);

export type WhatWouldMoveIt = {
  /** The score now (null = no evidence yet). */
  current: number | null;
  /** After one more fresh outcome rated 5. */
  afterOnePositive: number;
  /** After one more fresh, fully negative outcome (rated 1, or "never contacted"). */
  afterOneNegative: number;
  /** Fresh outcomes rated 5 needed to pass the next multiple of 10; null if out of reach. */
  nextMilestone: { milestone: number; positiveOutcomes: number; scoreAfter: number } | null;
};

/**
 * `scoreWith(extra)` is the score with `extra` decayed weight added to the evidence; the caller
 * knows which evidence (overall, one topic with its prior, referrer accuracy) and how it is
 * scored. Hypothetical outcomes come from new clients, so the 30-day rule never holds them back.
 */
export function whatWouldMoveIt(scoreWith: (extra: Weights) => number | null): WhatWouldMoveIt {
  // With at least one outcome added there is evidence, so the score is never null here.
  const after = (outcomes: number, each: Weights): number =>
    scoreWith({ r: outcomes * each.r, s: outcomes * each.s }) ?? 0;
  const current = scoreWith({ r: 0, s: 0 });
  return {
    current,
    afterOnePositive: after(1, FRESH_POSITIVE),
    afterOneNegative: after(1, FRESH_NEGATIVE),
    nextMilestone: nextMilestone(current ?? 0, (outcomes) => after(outcomes, FRESH_POSITIVE)),
  };
}

function nextMilestone(current: number, afterPositives: (outcomes: number) => number): WhatWouldMoveIt['nextMilestone'] {
  const milestone = (Math.floor(current / MILESTONE_STEP) + 1) * MILESTONE_STEP;
  if (milestone >= 100 || afterPositives(MAX_OUTCOMES_LOOKED_AHEAD) < milestone) return null;
  // Each positive outcome lifts the score, so the fewest that reach the milestone can be bisected.
  let enough = MAX_OUTCOMES_LOOKED_AHEAD;
  let tooFew = 0;
  while (enough - tooFew > 1) {
    const middle = Math.floor((tooFew + enough) / 2);
    if (afterPositives(middle) >= milestone) enough = middle;
    else tooFew = middle;
  }
  return { milestone, positiveOutcomes: enough, scoreAfter: afterPositives(enough) };
}
