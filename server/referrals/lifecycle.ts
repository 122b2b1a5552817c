/**
 * The receiver's side of a referral: open → contacted → meeting → proposal → won, or lost from
 * any step before the end. Only forward; won and lost are final. Skipping steps is allowed (a
 * client may book a meeting in the first call); the skipped steps get the same timestamp, so the
 * history never has a meeting without a contact.
 */
import type { REFERRAL_STATUSES } from '../../db/schema.js';

export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** The main path, in order. `lost` leaves it from any step that is not final. */
export const PATH = ['open', 'contacted', 'meeting', 'proposal', 'won'] as const satisfies readonly ReferralStatus[];

export const FINAL_STATUSES: readonly ReferralStatus[] = ['won', 'lost'];

export type StepTimestamps = {
  contactedAt: Date | null;
  meetingAt: Date | null;
  proposalAt: Date | null;
  wonAt: Date | null;
  lostAt: Date | null;
};

const TIMESTAMP_OF = {
  contacted: 'contactedAt',
  meeting: 'meetingAt',
  proposal: 'proposalAt',
  won: 'wonAt',
  lost: 'lostAt',
} as const satisfies Record<Exclude<ReferralStatus, 'open'>, keyof StepTimestamps>;

export function isFinal(status: ReferralStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Where a referral may go from `status`: every later step of the path, and `lost`. */
export function nextSteps(status: ReferralStatus): Exclude<ReferralStatus, 'open'>[] {
  if (isFinal(status)) return [];
  const index = PATH.indexOf(status as (typeof PATH)[number]);
  const later = PATH.slice(index + 1) as Exclude<ReferralStatus, 'open'>[];
  return [...later, 'lost'];
}

export function canMove(from: ReferralStatus, to: ReferralStatus): boolean {
  return (nextSteps(from) as ReferralStatus[]).includes(to);
}

/**
 * The timestamps to set when moving `from` → `to` at `now`: the target's, and for a move along
 * the path every skipped step that has none yet. Null when the move is not allowed.
 */
export function transition(
  from: ReferralStatus,
  to: ReferralStatus,
  current: StepTimestamps,
  now: Date,
): Partial<StepTimestamps> | null {
  if (to === 'open' || !canMove(from, to)) return null;
  const patch: Partial<StepTimestamps> = { [TIMESTAMP_OF[to]]: now };
  if (to !== 'lost') {
    for (const step of PATH.slice(PATH.indexOf(from as (typeof PATH)[number]) + 1, PATH.indexOf(to))) {
      if (step === 'open') continue;
      const key = TIMESTAMP_OF[step];
      if (current[key] === null) patch[key] = now;
    }
  }
  return patch;
}

/** Overdue: still open when the response deadline has passed. */
export function isOverdue(referral: { status: ReferralStatus; dueAt: Date }, now: Date): boolean {
  return referral.status === 'open' && referral.dueAt.getTime() <= now.getTime();
}

export type HistoryEntry = { step: 'given' | 'overdue' | Exclude<ReferralStatus, 'open'>; at: Date };

/** Every step the referral has taken, oldest first, each with its timestamp. */
export function history(
  referral: StepTimestamps & { createdAt: Date; overdueAt: Date | null },
): HistoryEntry[] {
  const entries: HistoryEntry[] = [{ step: 'given', at: referral.createdAt }];
  if (referral.overdueAt) entries.push({ step: 'overdue', at: referral.overdueAt });
  for (const [step, key] of Object.entries(TIMESTAMP_OF) as [Exclude<ReferralStatus, 'open'>, keyof StepTimestamps][]) {
    const at = referral[key];
    if (at) entries.push({ step, at });
  }
  // Stable sort: steps set at the same moment keep the path order.
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
