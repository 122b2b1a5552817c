/**
 * Which ledger events a host may correct (reverse). Pure: the service loads the member's events
 * and the scorer's explanation, this decides. The ledger is never edited: a correction appends a
 * `reversal` event, and the scorer takes the target's weight back exactly.
 */
import { CORRECTION_REASONS } from '../../db/schema.js';
import type { ExplainedEvent } from './tally.js';

export { CORRECTION_REASONS };
export type CorrectionReason = (typeof CORRECTION_REASONS)[number];

/**
 * - `own_ledger`: a host does not correct their own ledger (conflict of interest; another host must).
 * - `reversal`: corrections are final; to restore an event, the ledger appends it again.
 * - `advance`: a referral given is shown, never scored: nothing to take back.
 * - `already_reversed`: one correction per event.
 * - `not_counted`: the event did not count (e.g. the 30-day rule), so taking it back changes nothing.
 */
export type CorrectionRefusal = 'own_ledger' | 'reversal' | 'advance' | 'already_reversed' | 'not_counted';

export type CorrectionTarget = {
  kind: ExplainedEvent['kind'];
  /** Whose ledger the event is in. */
  memberId: string;
  counted: boolean;
  /** Some reversal in the ledger already names this event (counted or not). */
  reversed: boolean;
};

export function correctionRefusal(target: CorrectionTarget, correctorMemberIds: readonly string[]): CorrectionRefusal | null {
  if (correctorMemberIds.includes(target.memberId)) return 'own_ledger';
  if (target.kind === 'reversal') return 'reversal';
  if (target.kind === 'referral_given') return 'advance';
  if (target.reversed) return 'already_reversed';
  if (!target.counted) return 'not_counted';
  return null;
}

/** The scorer's view of one event as a correction target. */
export function correctionTarget(
  eventId: string,
  memberId: string,
  explanation: readonly ExplainedEvent[],
  reversesIds: readonly (string | null)[],
): CorrectionTarget | null {
  const explained = explanation.find((e) => e.eventId === eventId);
  if (!explained) return null;
  return { kind: explained.kind, memberId, counted: explained.counted, reversed: reversesIds.includes(eventId) };
}

/** The ids of the events of `memberId`'s ledger that these correctors may correct. */
export function correctableIds(
  memberId: string,
  explanation: readonly ExplainedEvent[],
  reversesIds: readonly (string | null)[],
  correctorMemberIds: readonly string[],
): Set<string> {
  const reversed = new Set(reversesIds.filter((id): id is string => id !== null));
  const ids = new Set<string>();
  for (const e of explanation) {
    const target = { kind: e.kind, memberId, counted: e.counted, reversed: reversed.has(e.eventId) };
    if (correctionRefusal(target, correctorMemberIds) === null) ids.add(e.eventId);
  }
  return ids;
}
