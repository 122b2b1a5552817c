/**
 * Scores a synthetic group with the real scorer (server/trust/) and compares two worlds. The
 * "old rule" is the same fold without the collusion factors (rule version 2 before them), for
 * comparison only.
 */
import type { TrustEvent } from '../../server/ledger/events.js';
import { groupContext } from '../../server/trust/collusion.js';
import { addEvent, emptyTally, scoreMember } from '../../server/trust/score.js';
import { wilsonLowerBound } from '../../server/trust/wilson.js';

export type Scores = Map<string, number>;

/** Overall scores, 0..100; no evidence counts as 0 here (so a gain from nothing shows in full). */
export function scoreGroup(events: readonly TrustEvent[], members: readonly string[], now: Date): Scores {
  const context = groupContext(events, now);
  const byMember = new Map<string, TrustEvent[]>();
  const subjectOf = new Map<string, string>();
  for (const e of events) {
    const subject = e.kind === 'reversal' ? (subjectOf.get(e.reversesId ?? '') ?? e.memberId) : e.memberId;
    subjectOf.set(e.id, subject);
    byMember.set(subject, [...(byMember.get(subject) ?? []), e]);
  }
  return new Map(members.map((m) => [m, scoreMember(byMember.get(m) ?? [], m, now, context).overall.score ?? 0] as const));
}

/** The same fold without collusion factors: the tally's own sums. */
export function scoreGroupWithoutCollusion(events: readonly TrustEvent[], members: readonly string[], now: Date): Scores {
  return new Map(
    members.map((m) => {
      const tally = emptyTally(m, now);
      for (const e of events) addEvent(tally, e);
      const { R, S } = tally.overall;
      return [m, R + S > 1e-9 ? 100 * wilsonLowerBound(R, R + S) : 0] as const;
    }),
  );
}

/** Kendall's tau-b of two score lists over the same members. */
export function kendallTau(a: Scores, b: Scores, members: readonly string[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const da = Math.sign(a.get(members[i]!)! - a.get(members[j]!)!);
      const db = Math.sign(b.get(members[i]!)! - b.get(members[j]!)!);
      if (da === 0 && db === 0) continue;
      if (da === 0) tiesA++;
      else if (db === 0) tiesB++;
      else if (da === db) concordant++;
      else discordant++;
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
  return denominator === 0 ? 1 : (concordant - discordant) / denominator;
}

/** The largest gain of any attacker. */
export function maxGain(before: Scores, after: Scores, attackers: readonly string[]): number {
  return Math.max(...attackers.map((m) => after.get(m)! - before.get(m)!));
}
