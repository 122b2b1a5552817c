import type { Db } from '../../db/client.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { authQueries } from './queries.js';

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
