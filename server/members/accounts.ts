import type { Db } from '../../db/client.js';
import { hashPassword } from '../auth/passwords.js';
import { errors } from '../shared/errors.js';
import { slugify, uniqueSlug } from '../shared/slug.js';
import { accountQueries } from './account-queries.js';

export type NewPerson = { name: string; email: string; password: string };

/** Creates an account and its membership in a group. The e-mail must be new to Kreis. */
export async function addMemberAccount(
  db: Db,
  groupId: string,
  person: NewPerson,
  role: 'member' | 'host' = 'member',
) {
  const passwordHash = await hashPassword(person.password);
  return db.transaction(async (tx) => {
    const q = accountQueries(tx);
    // New accounts are rare: serialising them makes the e-mail check and the slug choice race-free.
    await q.lockAccountCreation();
    if (await q.emailTaken(person.email)) throw errors.conflict('auth.errors.email_taken');
    const account = await q.insertAccount({ email: person.email, name: person.name, passwordHash });
    const base = slugify(person.name);
    const member = await q.insertMember({
      groupId,
      accountId: account.id,
      slug: uniqueSlug(base, await q.memberSlugsLike(base)),
      role,
    });
    return { account, member };
  });
}

