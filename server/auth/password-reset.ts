import type { Db } from '../../db/client.js';
import type { Locale } from '../shared/i18n.js';
import { enqueueMail } from '../mail/service.js';
import { mailText } from '../mail/texts.js';
import { randomToken, sha256Hex } from '../shared/tokens.js';
import { hashPassword } from './passwords.js';
import { authQueries } from './queries.js';
import { storePasswordHash } from './service.js';

/**
 * Password reset links: 160 random bits, only their SHA-256 is stored, single use, short-lived.
 * A mailed link lives one hour; a link a host hands over personally lives a day, because it
 * travels by hand (chat, phone) and may be opened later.
 */
const HOUR_MS = 60 * 60 * 1000;
export const MAILED_LINK_LIFETIME_MS = HOUR_MS;
export const HOST_LINK_LIFETIME_MS = 24 * HOUR_MS;

export type LinkContext = { publicUrl: URL; now: Date };

export function resetUrl(publicUrl: URL, token: string): string {
  return new URL(`/password/reset/${token}`, publicUrl).href;
}

/** A new reset link for an account; returns the URL, which exists nowhere else. */
export async function createResetLink(db: Db, accountId: string, lifetimeMs: number, { publicUrl, now }: LinkContext) {
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await authQueries(db).insertPasswordReset({ accountId, tokenHash: sha256Hex(token), expiresAt, createdAt: now });
  return { url: resetUrl(publicUrl, token), expiresAt };
}

/**
 * "Forgot password": mails a link when the address belongs to an account with an active
 * membership, and does nothing otherwise. The caller answers the same either way.
 */
export async function requestPasswordReset(db: Db, email: string, context: LinkContext): Promise<void> {
  const q = authQueries(db);
  const account = await q.findAccountByEmail(email);
  if (!account) return;
  const [membership] = await q.membershipsOf(account.id);
  if (!membership) return;
  const { group } = membership;
  await db.transaction(async (tx) => {
    const link = await createResetLink(tx, account.id, MAILED_LINK_LIFETIME_MS, context);
    const text = mailText(group.locale, 'password_reset', { name: account.name, link: link.url, group: group.name });
    await enqueueMail(tx, { groupId: group.id, to: account.email, ...text }, context.now);
  });
}

export type ResetLinkState =
  | { state: 'valid'; resetId: string; accountId: string; locale: Locale }
  | { state: 'unknown' | 'expired' | 'used' };

/** What a reset link is worth right now. Links of accounts without an active membership are expired. */
export async function inspectResetLink(db: Db, token: string, now: Date): Promise<ResetLinkState> {
  const q = authQueries(db);
  const reset = await q.findPasswordReset(sha256Hex(token));
  if (!reset) return { state: 'unknown' };
  if (reset.usedAt) return { state: 'used' };
  if (reset.expiresAt.getTime() <= now.getTime()) return { state: 'expired' };
  const [membership] = await q.membershipsOf(reset.accountId);
  if (!membership) return { state: 'expired' };
  return { state: 'valid', resetId: reset.id, accountId: reset.accountId, locale: membership.group.locale };
}

export type ResetResult = { ok: true; accountId: string } | { ok: false; state: 'unknown' | 'expired' | 'used' };

/**
 * Sets the new password if the link is still good. Using the link is a conditional update, so of
 * two simultaneous submissions exactly one wins; every session of the account ends.
 */
export async function resetPassword(db: Db, token: string, password: string, now: Date): Promise<ResetResult> {
  const link = await inspectResetLink(db, token, now);
  if (link.state !== 'valid') return { ok: false, state: link.state };
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    if (!(await authQueries(tx).usePasswordReset(link.resetId, now))) return { ok: false, state: 'used' } as const;
    await storePasswordHash(tx, link.accountId, passwordHash, now);
    return { ok: true, accountId: link.accountId } as const;
  });
}
