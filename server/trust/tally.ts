/**
 * The incremental form of the trust scores: one member's running sums, folded event by event
 * in ledger order (`scoreMember` in score.ts is exactly this fold, from an empty tally).
 *
 * Ledger order is the order events are given in — chronological, as `ledgerQueries.eventsAbout`
 * returns them. The 30-day rule and reversals are decided in that order, one event at a time,
 * against what has counted so far; no later event changes whether an earlier one was held back.
 * So a reversed feedback frees its client's 30-day slot for feedback that comes after the
 * reversal, while one already held back stays held back.
 *
 * Two rules take back what an earlier event did, and give it back when they are themselves
 * undone: a reversal cancels its target, and a client's confirmation that they were contacted
 * supersedes their referral's missed deadline (`response_overdue`) — in whichever order the two
 * arrive — until that confirmation is reversed.
 */
import { ageInDays, DAY_MS, decayFactor } from './decay.js';
import { trackOf, type Track, type TrustEvent, type TrustEventKind } from '../ledger/events.js';
import { apply, type Bucket, emptyBucket, topicBucket } from './buckets.js';
import { baseWeights, type UnweightedReason, type Weights } from './weights.js';

export type { Bucket } from './buckets.js';

/** The same client counts once per provider within this many days. */
export const SAME_CLIENT_WINDOW_DAYS = 30;

const SAME_CLIENT_WINDOW_MS = SAME_CLIENT_WINDOW_DAYS * DAY_MS;

export type CountReason =
  | 'counted'
  | UnweightedReason
  /** Within 30 days of a counted feedback from the same client (see `blockedBy`). */
  | 'same_client_within_30_days'
  /** A missed deadline on a referral whose client confirmed being contacted (see `blockedBy`). */
  | 'superseded_by_client_contact'
  /** An event id seen before (a replayed row): it may count only once. */
  | 'duplicate_event_id'
  | 'reversal_target_unknown'
  /** Reversals are final; to restore an event, the ledger appends it again. */
  | 'reversal_of_reversal'
  | 'reversal_target_already_reversed'
  /** Nothing to cancel: the target itself did not count. */
  | 'reversal_target_not_counted';

export type ExplainedEvent = {
  eventId: string;
  kind: TrustEventKind;
  /** So the UI can link the line to its referral. */
  referralId: string | null;
  /** For a reversal: its target's track and topic. */
  track: Track;
  topic: string | null;
  occurredAt: Date;
  /** For a reversal: its target's age and decay, so that the pair cancels exactly, today and later. */
  ageDays: number;
  /** The rule table's weights; a reversal carries its target's, negated. */
  base: Weights;
  /** 2^(−ageDays / 365). */
  decay: number;
  /** base × decay if counted, else zero; R and S are the sums of these. */
  contribution: Weights;
  counted: boolean;
  reason: CountReason;
  /**
   * The event that keeps this one from counting: for `same_client_within_30_days` the counted
   * event it repeats, for `superseded_by_client_contact` the client's confirming feedback.
   */
  blockedBy: string | null;
  /** A reversal's target. */
  reverses: string | null;
  /** The reversal that cancelled this event. */
  reversedBy: string | null;
};

type Entry = { event: TrustEvent; explained: ExplainedEvent };

/**
 * One member's running sums as seen at `now`. Owned by whoever folds into it; read it only
 * through `finalize`. `now` is fixed per tally because decay is applied as events arrive.
 */
export type Tally = {
  readonly memberId: string;
  readonly now: Date;
  readonly entries: Entry[];
  readonly byId: Map<string, Entry>;
  readonly overall: Bucket;
  readonly topics: Map<string, Bucket>;
  readonly referrerAccuracy: Bucket;
  /** Counted feedback per kind and client, for the 30-day rule. */
  readonly countedByClient: Map<string, Entry[]>;
  /** Per referral: its missed deadlines (counted or superseded) and its standing confirmations of contact. */
  readonly overdueByReferral: Map<string, Entry[]>;
  readonly contactConfirmed: Map<string, Entry[]>;
};

export function emptyTally(memberId: string, now: Date): Tally {
  return {
    memberId,
    now,
    entries: [],
    byId: new Map(),
    overall: emptyBucket(),
    topics: new Map(),
    referrerAccuracy: emptyBucket(),
    countedByClient: new Map(),
    overdueByReferral: new Map(),
    contactConfirmed: new Map(),
  };
}

/**
 * Folds the next event in ledger order into the tally (mutating it). Events about other members
 * are skipped, except reversals of this member's events: a reversal moves its target's subject.
 */
export function addEvent(tally: Tally, event: TrustEvent): void {
  const { kind } = event;
  if (kind === 'reversal') addReversal(tally, event);
  else if (event.memberId === tally.memberId) addOutcome(tally, event, trackOf(kind));
}

function addOutcome(tally: Tally, event: TrustEvent, track: Track): void {
  const weighing = baseWeights(event);
  const blocker = weighing.weighted ? sameClientBlocker(tally, event) : undefined;
  const confirmation = event.kind === 'response_overdue' ? standingConfirmation(tally, event) : undefined;
  const entry = record(tally, event, {
    track,
    topic: event.topic,
    ageDays: ageInDays(event.occurredAt, tally.now),
    base: weighing.weighted ? weighing.base : ZERO,
    decay: decayFactor(event.occurredAt, tally.now),
    // The first rule that applies, in this order.
    reason: tally.byId.has(event.id)
      ? 'duplicate_event_id'
      : !weighing.weighted
        ? weighing.reason
        : blocker
          ? 'same_client_within_30_days'
          : confirmation
            ? 'superseded_by_client_contact'
            : 'counted',
    blockedBy: (blocker ?? confirmation)?.event.id ?? null,
    reverses: null,
  });
  if (entry.explained.reason === 'duplicate_event_id') return;
  // Show a topic as soon as something happened in it, even a bare advance: "no evidence yet".
  if (track === 'trust' && event.topic !== null) topicBucket(tally, event.topic);
  // Kept even when superseded: a reversed confirmation brings the deadline back.
  if (event.kind === 'response_overdue' && weighing.weighted) push(tally.overdueByReferral, event.referralId, entry);
  if (!entry.explained.counted) return;
  apply(tally, entry, +1);
  push(tally.countedByClient, sameClientKey(event), entry);
  if (confirmsContact(event)) confirmContact(tally, entry);
}

function addReversal(tally: Tally, reversal: TrustEvent): void {
  const target = reversal.reversesId ? tally.byId.get(reversal.reversesId) : undefined;
  const duplicate = tally.byId.has(reversal.id);
  if (!target) {
    // Most such reversals cancel another member's events; only explain those that name this member.
    if (reversal.memberId !== tally.memberId) return;
    record(tally, reversal, {
      track: 'trust',
      topic: null,
      ageDays: ageInDays(reversal.occurredAt, tally.now),
      base: ZERO,
      decay: decayFactor(reversal.occurredAt, tally.now),
      reason: duplicate ? 'duplicate_event_id' : 'reversal_target_unknown',
      blockedBy: null,
      reverses: reversal.reversesId ?? null,
    });
    return;
  }
  const aim = target.explained;
  const entry = record(tally, reversal, {
    track: aim.track,
    topic: aim.topic,
    ageDays: aim.ageDays,
    base: negated(aim.base),
    decay: aim.decay,
    // The first rule that applies, in this order.
    reason: duplicate
      ? 'duplicate_event_id'
      : aim.kind === 'reversal'
        ? 'reversal_of_reversal'
        : aim.reversedBy !== null
          ? 'reversal_target_already_reversed'
          : !aim.counted
            ? 'reversal_target_not_counted'
            : 'counted',
    blockedBy: null,
    reverses: aim.eventId,
  });
  if (!entry.explained.counted) return;
  aim.reversedBy = reversal.id;
  // Remove exactly what the target added, from the same buckets, with the same client and giver.
  apply(tally, target, -1);
  if (confirmsContact(target.event)) withdrawConfirmation(tally, target);
}

/**
 * The client's "yes, I was contacted" answers the question a missed deadline stands for: did the
 * receiver get in touch? So a counted feedback with a rating supersedes its referral's
 * `response_overdue`, whether the deadline was booked before or after it ("never contacted"
 * confirms nothing; a feedback the 30-day rule held back does not count, so confirms nothing).
 */
function confirmsContact(event: TrustEvent): boolean {
  return event.kind === 'feedback' && event.neverContacted !== true && Boolean(event.referralId);
}

function standingConfirmation(tally: Tally, overdue: TrustEvent): Entry | undefined {
  return overdue.referralId ? tally.contactConfirmed.get(overdue.referralId)?.[0] : undefined;
}

/** Takes the referral's counted, unreversed deadlines out of the sums. */
function confirmContact(tally: Tally, confirmation: Entry): void {
  push(tally.contactConfirmed, confirmation.event.referralId, confirmation);
  for (const overdue of tally.overdueByReferral.get(confirmation.event.referralId!) ?? []) {
    if (!overdue.explained.counted || overdue.explained.reversedBy !== null) continue;
    apply(tally, overdue, -1);
    decide(overdue.explained, 'superseded_by_client_contact', confirmation.event.id);
  }
}

/** A reversed confirmation: the deadlines it superseded count again, unless another confirmation stands. */
function withdrawConfirmation(tally: Tally, confirmation: Entry): void {
  const referralId = confirmation.event.referralId!;
  const standing = (tally.contactConfirmed.get(referralId) ?? []).filter((e) => e !== confirmation);
  if (standing.length > 0) tally.contactConfirmed.set(referralId, standing);
  else tally.contactConfirmed.delete(referralId);
  for (const overdue of tally.overdueByReferral.get(referralId) ?? []) {
    if (overdue.explained.blockedBy !== confirmation.event.id || overdue.explained.reason !== 'superseded_by_client_contact') continue;
    if (standing[0]) {
      overdue.explained.blockedBy = standing[0].event.id;
      continue;
    }
    decide(overdue.explained, 'counted', null);
    apply(tally, overdue, +1);
  }
}

/** A counted, unreversed feedback of the same kind from the same client within 30 days. */
function sameClientBlocker(tally: Tally, event: TrustEvent): Entry | undefined {
  const key = sameClientKey(event);
  if (!key) return undefined;
  const at = event.occurredAt.getTime();
  return tally.countedByClient
    .get(key)
    ?.find((e) => e.explained.reversedBy === null && Math.abs(e.event.occurredAt.getTime() - at) < SAME_CLIENT_WINDOW_MS);
}

/**
 * The rule covers what the client says: feedback, and the same answer counted for the giver.
 * Business closed and overdue responses are facts about one referral, not a client's voice.
 * Without a client id there is nothing to compare, so the event counts.
 */
function sameClientKey(event: TrustEvent): string | null {
  if (event.kind !== 'feedback' && event.kind !== 'referrer_feedback') return null;
  return event.clientId ? `${event.kind}:${event.clientId}` : null;
}

/** What the caller decides; `record` fills in what follows from the event and the reason. */
type Explanation = Omit<ExplainedEvent, 'eventId' | 'kind' | 'referralId' | 'occurredAt' | 'contribution' | 'counted' | 'reversedBy'>;

function record(tally: Tally, event: TrustEvent, explanation: Explanation): Entry {
  const explained: ExplainedEvent = {
    eventId: event.id,
    kind: event.kind,
    referralId: event.referralId ?? null,
    occurredAt: event.occurredAt,
    ...explanation,
    contribution: ZERO,
    counted: false,
    reversedBy: null,
  };
  decide(explained, explanation.reason, explanation.blockedBy);
  const entry = { event, explained };
  tally.entries.push(entry);
  if (!tally.byId.has(event.id)) tally.byId.set(event.id, entry);
  return entry;
}

/** Sets whether an event counts, and with it its contribution: base × decay, or nothing. */
function decide(explained: ExplainedEvent, reason: CountReason, blockedBy: string | null): void {
  const { base, decay } = explained;
  explained.reason = reason;
  explained.blockedBy = blockedBy;
  explained.counted = reason === 'counted';
  explained.contribution = explained.counted ? { r: base.r * decay, s: base.s * decay } : ZERO;
}

function push(lists: Map<string, Entry[]>, key: string | null | undefined, entry: Entry): void {
  if (key) lists.set(key, [...(lists.get(key) ?? []), entry]);
}

const ZERO: Weights = Object.freeze({ r: 0, s: 0 });

const negated = (w: Weights): Weights => ({ r: -w.r, s: -w.s });
