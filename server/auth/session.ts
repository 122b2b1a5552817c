import type { Db } from '../../db/client.js';
import { constantTimeEqual, randomToken, sha256 } from '../shared/tokens.js';
import { authQueries, type Membership } from './queries.js';
import { DAY_MS } from '../shared/time.js';

/**
 * Sessions the way lucia-auth.com teaches since the lucia package was deprecated: the cookie
 * holds `<id>.<secret>`; the database keeps the id and only a SHA-256 of the secret, so a leaked
 * database cannot be replayed as cookies. Expiry slides: a session in use is renewed once less
 * than half of its lifetime is left.
 */
export const SESSION_COOKIE = 'kreis_session';
export const SESSION_LIFETIME_MS = 30 * DAY_MS;

export type Session = { id: string; accountId: string; expiresAt: Date };

export async function createSession(db: Db, accountId: string, now: Date): Promise<{ token: string; session: Session }> {
  const id = randomToken(24);
  const secret = randomToken(24);
  const session = { id, accountId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) };
  await authQueries(db).insertSession({ ...session, secretHash: sha256(secret), createdAt: now });
  return { token: `${id}.${secret}`, session };
}

export type SessionViewer = {
  account: { id: string; name: string; email: string };
  memberships: Membership[];
  /** Unread notifications of the first membership, for the header badge. */
  unread: number;
};

export type ValidSession = { session: Session; renewed: boolean; viewer: SessionViewer };

/** A session in use is renewed once less than half of its lifetime is left. */
export const dueForRenewal = (session: Session, now: Date) => session.expiresAt.getTime() - now.getTime() < SESSION_LIFETIME_MS / 2;

/**
 * The session for a cookie value with its viewer, or null; one database round trip. `renewed`
 * tells the caller to send a fresh cookie.
 */
export async function validateSessionToken(db: Db, token: string, now: Date): Promise<ValidSession | null> {
  const [id, secret, ...rest] = token.split('.');
  if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 64) return null;
  const queries = authQueries(db);
  const rows = await queries.findSessionWithViewer(id);
  const first = rows[0];
  if (!first || !constantTimeEqual(sha256(secret), first.session.secretHash)) return null;
  if (first.session.expiresAt.getTime() <= now.getTime()) {
    await queries.deleteSession(id);
    return null;
  }
  const viewer = {
    account: first.account,
    memberships: rows.flatMap((row) => (row.membership && row.group ? [{ ...row.membership, group: row.group }] : [])),
    unread: first.unread ?? 0,
  };
  const session = { id, accountId: first.session.accountId, expiresAt: first.session.expiresAt };
  if (dueForRenewal(session, now)) {
    session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await queries.setSessionExpiry(id, session.expiresAt);
    return { session, renewed: true, viewer };
  }
  return { session, renewed: false, viewer };
}

export async function invalidateSession(db: Db, sessionId: string) {
  await authQueries(db).deleteSession(sessionId);
}

/** On a password change or reset every session of the account ends, everywhere. */
export async function invalidateAllSessions(db: Db, accountId: string) {
  await authQueries(db).deleteSessionsOf(accountId);
}
