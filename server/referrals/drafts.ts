import type { Db } from '../../db/client.js';
import { errors } from '../shared/errors.js';
import { draftQueries } from './draft-queries.js';

/**
 * Referral drafts: "Ich habe eine Empfehlung für dich" said in the intro round becomes a row in
 * the giver's list, to be completed as a real referral (with a client) or dismissed.
 */

export type PledgeForDraft = { giverMemberId: string; receiverMemberId: string; note: string | null };

/**
 * Called by the live room when a round ends. Guests have no referral list and cannot receive
 * referrals, so pledges from or to anyone who is not an active member of the group are skipped,
 * as are self-pledges and pairs that already have a draft from this breakfast (a repeated call
 * creates nothing twice). Returns the ids of the drafts created.
 */
export async function createDraftsFromPledges(
  tx: Db,
  input: { groupId: string; breakfastId: string; pledges: readonly PledgeForDraft[] },
  now: Date,
): Promise<string[]> {
  const q = draftQueries(tx);
  const ids = [...new Set(input.pledges.flatMap((p) => [p.giverMemberId, p.receiverMemberId]))];
  const memberIds = new Set(await q.activeMemberIds(input.groupId, ids));
  const seen = new Set((await q.existingPairs(input.breakfastId)).map((pair) => `${pair.giverId}>${pair.receiverId}`));
  const rows = [];
  for (const pledge of input.pledges) {
    const pair = `${pledge.giverMemberId}>${pledge.receiverMemberId}`;
    if (!memberIds.has(pledge.giverMemberId) || !memberIds.has(pledge.receiverMemberId)) continue;
    if (pledge.giverMemberId === pledge.receiverMemberId || seen.has(pair)) continue;
    seen.add(pair);
    const note = pledge.note?.trim() || null;
    rows.push({
      groupId: input.groupId,
      breakfastId: input.breakfastId,
      giverId: pledge.giverMemberId,
      receiverId: pledge.receiverMemberId,
      note,
      createdAt: now,
    });
  }
  const created = await q.insertDrafts(rows);
  return created.map((row) => row.id);
}

/** The giver's open drafts, for the top of their referrals page. */
export async function openDrafts(db: Db, giverId: string) {
  return draftQueries(db).openFor(giverId);
}

/** An open draft of the giver's, to prefill the referral form; undefined otherwise (nothing to prefill). */
export async function draftToComplete(db: Db, giverId: string, draftId: string) {
  return draftQueries(db).openDraft(giverId, draftId);
}

/**
 * Marks the draft done with the referral made from it, in the referral's transaction. A draft that
 * is not the giver's, or already done or dismissed, is left alone: the referral stands either way.
 */
export async function completeDraft(tx: Db, giverId: string, draftId: string, referralId: string): Promise<boolean> {
  return draftQueries(tx).markDone(giverId, draftId, referralId);
}

/** The giver decides not to follow up a pledge. Anyone else's draft reads as unknown. */
export async function dismissDraft(db: Db, giverId: string, draftId: string, now: Date): Promise<void> {
  const dismissed = await draftQueries(db).dismiss(giverId, draftId, now);
  if (!dismissed) throw errors.notFound('breakfasts.errors.draft_not_found');
}
