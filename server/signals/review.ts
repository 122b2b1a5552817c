/**
 * A host's verdict on a flagged client answer: "genuine" or "not genuine". The verdict is
 * appended to the ledger as one `feedback_reviewed` event per event of the answer (the
 * receiver's `feedback`, the giver's `referrer_feedback`), naming it in `reverses_id` and saying
 * in `verification` what it weighs from now on: the weight of the link it came through (mailbox 1,
 * shared by hand ½) when genuine, still 'flagged' (0) when not. The ledger stays append-only;
 * the scorer reads the verdict (server/trust/review.ts). The first verdict is final.
 */
import type { Db } from '../../db/client.js';
import type { ReviewVerdict } from '../../db/schema.js';
import { appendTrustEvents, lockChain } from '../ledger/append.js';
import { errors } from '../shared/errors.js';
import { signalsQueries } from './queries.js';

export type ReviewOutcome = { ok: true } | { ok: false; refusal: 'already_reviewed'; verdict: ReviewVerdict };

export async function reviewFlaggedAnswer(
  db: Db,
  input: { feedbackId: string; verdict: ReviewVerdict },
  host: { groupId: string; memberId: string },
  now: Date,
): Promise<ReviewOutcome> {
  return db.transaction(async (tx): Promise<ReviewOutcome> => {
    const q = signalsQueries(tx);
    // Two hosts at once: the chain lock orders them, the conditional update lets only the first through.
    await lockChain(tx, host.groupId);
    const claimed = await q.claimVerdict({ ...input, groupId: host.groupId, by: host.memberId, at: now });
    if (!claimed) {
      const flag = await q.flagOf(input.feedbackId, host.groupId);
      if (!flag?.verdict) throw errors.notFound('signals.review.not_found');
      return { ok: false, refusal: 'already_reviewed', verdict: flag.verdict };
    }
    const verification = input.verdict === 'genuine' ? claimed.linkKind : 'flagged';
    const events = await q.feedbackEventsOf(input.feedbackId);
    await appendTrustEvents(
      tx,
      host.groupId,
      events.map((e) => ({
        kind: 'feedback_reviewed' as const,
        memberId: e.memberId,
        topic: e.topic,
        referralId: e.referralId,
        reversesId: e.id,
        verification,
        occurredAt: now,
      })),
    );
    return { ok: true };
  });
}

/** The review page's rows: the group's flagged answers, open ones first. */
export async function flaggedAnswers(db: Db, groupId: string) {
  return signalsQueries(db).flagsOf(groupId, 200);
}
