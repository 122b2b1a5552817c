import type { Db } from '../../db/client.js';
import { createGroupWithHost } from '../../server/groups/service.js';
import { addMemberAccount } from '../../server/members/accounts.js';
import type { Locale } from '../../server/shared/i18n.js';

let counter = 0;
export const PASSWORD = 'ein langes Passwort 123';

/** A group with a host; names and e-mails are unique per call so tests in one file never collide. */
export async function seedGroup(db: Db, options: { locale?: Locale; name?: string } = {}) {
  const n = ++counter;
  const unique = `${process.pid}-${n}-${Date.now()}`;
  const { group, account, member } = await createGroupWithHost(
    db,
    { name: options.name ?? `Testkreis ${n}`, city: 'Musterstadt', locale: options.locale ?? 'de' },
    { name: `Hanna Host ${n}`, email: `host-${unique}@example.org`, password: PASSWORD },
  );
  return { group, host: { account, member, email: account.email } };
}

export async function seedMember(db: Db, groupId: string, name = 'Maria Mitglied', role: 'member' | 'host' = 'member') {
  const unique = `${process.pid}-${++counter}-${Date.now()}`;
  const { account, member } = await addMemberAccount(db, groupId, { name, email: `m-${unique}@example.org`, password: PASSWORD }, role);
  return { account, member, email: account.email };
}
