import type { Db } from '../../db/client.js';
import { randomToken, sha256Hex } from '../shared/tokens.js';
import { feedbackRequestQueries } from './queries.js';

/**
 * Every referral gets a feedback request — every one, never only the promising ones. The link
 * carries 160 random bits; only its SHA-256 is stored, so the link can be shown once (to the
 * giver, in the client's mail) and never recovered from the database.
 */
export const FEEDBACK_LINK_TTL_MS = 90 * 24 * 60 * 60 * 1000;

export function feedbackPath(token: string): string {
  return `/f/${token}`;
}

export function hashFeedbackToken(token: string): string {
  return sha256Hex(token);
}

/** Creates the request for a new referral inside the caller's transaction; returns the link path. */
export async function createFeedbackRequest(tx: Db, referralId: string, now: Date): Promise<{ token: string; path: string }> {
  const token = randomToken(32);
  await feedbackRequestQueries(tx).insertRequest({
    referralId,
    tokenHash: hashFeedbackToken(token),
    expiresAt: new Date(now.getTime() + FEEDBACK_LINK_TTL_MS),
    createdAt: now,
  });
  return { token, path: feedbackPath(token) };
}

/**
 * A fresh link for a referral whose link the giver needs again (only the hash was kept). The
 * previous link stops working; a request that was already answered keeps its answer.
 */
export async function renewFeedbackLink(db: Db, referralId: string, now: Date): Promise<{ token: string; path: string } | null> {
  const q = feedbackRequestQueries(db);
  const existing = await q.findRequestByReferral(referralId);
  if (!existing || existing.usedAt) return null;
  const token = randomToken(32);
  await q.replaceToken(referralId, hashFeedbackToken(token), new Date(now.getTime() + FEEDBACK_LINK_TTL_MS));
  return { token, path: feedbackPath(token) };
}
