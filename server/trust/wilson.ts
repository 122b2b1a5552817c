/**
 * The lower bound of the Wilson score interval: "with 95 % confidence (one-sided), at least this
 * share of outcomes is good". Unlike the plain average it rewards evidence: one 5-star outcome
 * scores far below twenty of them.
 */

/** One-sided 95 % (two-sided 90 %) normal quantile, as DESIGN.md prescribes. */
export const WILSON_Z = 1.645;

/**
 * Lower bound for `positive` good outcomes out of `total`; both may be fractional (decayed
 * weights). Returns 0..1, and 0 when `total` is 0 — callers that must tell "no evidence" apart
 * from "bad evidence" check the total first (see `score.ts`).
 *
 * Written as (2r + z² − z·√(z² + 4rs/n)) / (2(n + z²)) with s = n − r, the textbook form
 * multiplied through by 2n, so it needs no p̂ = r/n and stays exact at r = 0 and r = n.
 */
export function wilsonLowerBound(positive: number, total: number, z: number = WILSON_Z): number {
  if (!(total > 0)) return 0;
  const r = Math.min(Math.max(positive, 0), total);
  const s = total - r;
  const z2 = z * z;
  const bound = (2 * r + z2 - z * Math.sqrt(z2 + (4 * r * s) / total)) / (2 * (total + z2));
  // √(z²) may round one ulp above z; never report a tiny negative share.
  return Math.min(Math.max(bound, 0), 1);
}

/** Laplace's rule of succession, (R + 1) / (N + 2): the expected share of good outcomes, 0..1. */
export function typicalOutcome(positive: number, total: number): number {
  return (positive + 1) / (total + 2);
}
