/**
 * Who may do what with a one-to-one, and where it goes. Pure, so the whole matrix is unit-tested.
 *
 *   requested ──accept/fill──▶ logged ──confirm──▶ confirmed   (counts as time invested)
 *       │                        └────dispute──▶ disputed    ("hat nicht stattgefunden")
 *       └──decline──▶ declined
 *   (a meeting logged without a request starts at `logged`)
 *
 * - accept:  the partner answers a request by logging the meeting.
 * - fill:    either side logs a meeting that an open request between them was for (the log form).
 * - decline: the partner says no to a request.
 * - confirm / dispute: the side that did NOT log the meeting answers it; nobody confirms their own log.
 * confirmed, declined and disputed are final. Each side may edit its own note in any status.
 */
import type { ONE_TO_ONE_STATUSES } from '../../db/schema.js';

export type OneToOneStatus = (typeof ONE_TO_ONE_STATUSES)[number];
export type Side = 'requester' | 'partner';
export type OneToOneAction = 'accept' | 'fill' | 'decline' | 'confirm' | 'dispute';

export const FINAL_STATUSES: readonly OneToOneStatus[] = ['confirmed', 'declined', 'disputed'];
/** Still waiting for an answer: what is left hanging when one side deletes their account. */
export const OPEN_STATUSES: readonly OneToOneStatus[] = ['requested', 'logged'];

/** What the rules need to know about a one-to-one. `loggedBy` is the side that logged it, if any. */
export type OneToOneFacts = { status: OneToOneStatus; loggedBy: Side | null };

/** Refusals: `not_your_step` — the other side's move (403); `not_now` — not from this status (409). */
export type Decision = { ok: true; to: OneToOneStatus } | { ok: false; reason: 'not_your_step' | 'not_now' };

const TARGET: Record<OneToOneAction, OneToOneStatus> = {
  accept: 'logged',
  fill: 'logged',
  decline: 'declined',
  confirm: 'confirmed',
  dispute: 'disputed',
};

/** Which side of the pair a member is on; null for anyone else. */
export function sideOf(pair: { requesterId: string; partnerId: string }, memberId: string): Side | null {
  if (pair.requesterId === memberId) return 'requester';
  if (pair.partnerId === memberId) return 'partner';
  return null;
}

export function otherSide(side: Side): Side {
  return side === 'requester' ? 'partner' : 'requester';
}

export function isFinal(status: OneToOneStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export function decide(facts: OneToOneFacts, action: OneToOneAction, actor: Side): Decision {
  const from = action === 'confirm' || action === 'dispute' ? 'logged' : 'requested';
  if (facts.status !== from) return { ok: false, reason: 'not_now' };
  const allowed =
    action === 'fill' ||
    ((action === 'accept' || action === 'decline') && actor === 'partner') ||
    ((action === 'confirm' || action === 'dispute') && facts.loggedBy !== null && facts.loggedBy !== actor);
  return allowed ? { ok: true, to: TARGET[action] } : { ok: false, reason: 'not_your_step' };
}

/** The buttons a side gets on a one-to-one (the log form's `fill` is offered separately). */
export function actionsFor(facts: OneToOneFacts, actor: Side): OneToOneAction[] {
  return (['accept', 'decline', 'confirm', 'dispute'] as const).filter((action) => decide(facts, action, actor).ok);
}

/** Whose turn it is: the side that has to answer, or null when nothing is open. */
export function waitingFor(facts: OneToOneFacts): Side | null {
  if (facts.status === 'requested') return 'partner';
  if (facts.status === 'logged' && facts.loggedBy) return otherSide(facts.loggedBy);
  return null;
}
