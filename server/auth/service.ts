import type { Db } from '../../db/client.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { authQueries } from './queries.js';
import { invalidateAllSessions } from './session.js';

// Verifying against a real hash for unknown e-mails keeps the response time from revealing accounts.
const dummyHash = hashPassword('not-a-real-password-just-for-timing');

/** The account for these credentials, or null. Accounts without an active membership cannot log in. */
export async function checkCredentials(db: Db, email: string, password: string) {
  const queries = authQueries(db);
  const account = await queries.findAccountByEmail(email);
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyHash), password);
  if (!account || !ok) return null;
  const memberships = await queries.membershipsOf(account.id);
  return memberships.length > 0 ? account : null;
}

/**
 * Sets a new password and ends every session of the account, so a thief holding an old session
 * is out; open reset links stop working too. The caller starts a fresh session for this browser.
 */
export async function storePasswordHash(tx: Db, accountId: string, passwordHash: string, now: Date) {
  const q = authQueries(tx);
  await q.setPasswordHash(accountId, passwordHash);
  await q.closeOpenResets(accountId, now);
  await invalidateAllSessions(tx, accountId);
}

export type PasswordChange = { currentPassword: string; newPassword: string };

/** The account when `password` is its password (and it still exists); null otherwise. */
export async function accountWithPassword(db: Db, accountId: string, password: string) {
  const account = await authQueries(db).findAccountById(accountId);
  if (!account || account.deletedAt || !(await verifyPassword(account.passwordHash, password))) return null;
  return account;
}

/** false when the current password is wrong; then nothing changes. */
export async function changePassword(db: Db, accountId: string, change: PasswordChange, now: Date): Promise<boolean> {
  if (!(await accountWithPassword(db, accountId, change.currentPassword))) return false;
  const passwordHash = await hashPassword(change.newPassword);
  await db.transaction((tx) => storePasswordHash(tx, accountId, passwordHash, now));
  return true;
}
