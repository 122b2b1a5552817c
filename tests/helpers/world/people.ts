import type { Database, Db } from '../../../db/client.js';
import { createGroupWithHost } from '../../../server/groups/service.js';
import { addMemberAccount } from '../../../server/members/accounts.js';
import type { Locale } from '../../../server/shared/i18n.js';

/** Every seeded account's password. */
export const PASSWORD = 'ein langes Passwort 123';

let counter = 0;
const unique = () => `${process.pid}-${++counter}-${Date.now()}`;

export type Person = Awaited<ReturnType<typeof seedMember>>;

/** A group with a host; names and e-mails are unique per call so tests in one file never collide. */
export async function seedGroup(db: Db, options: { locale?: Locale; name?: string; city?: string; hostName?: string } = {}) {
  const id = unique();
  const n = counter;
  const { group, account, member } = await createGroupWithHost(
    db,
    { name: options.name ?? `Testkreis ${n}`, city: options.city ?? 'Musterstadt', locale: options.locale ?? 'de' },
    { name: options.hostName ?? `Hanna Host ${n}`, email: `host-${id}@example.org`, password: PASSWORD },
  );
  return { group, host: { account, member, email: account.email } };
}

/** A member of a group (role `member` unless said), with an account that can log in with PASSWORD. */
export async function seedMember(db: Db, groupId: string, name = 'Maria Mitglied', role: 'member' | 'host' = 'member') {
  const { account, member } = await addMemberAccount(db, groupId, { name, email: `m-${unique()}@example.org`, password: PASSWORD }, role);
  return { account, member, email: account.email };
}

/** A member who has left the group (deactivated by a host): the row stays, the member is inactive. */
export async function deactivate(database: Database, memberId: string) {
  await database.query('update members set active = false where id = $1', [memberId]);
}

/** Gives a member a trade of their group (creating the trade if needed). */
export async function giveTrade(database: Database, groupId: string, memberId: string, name: string, status: 'active' | 'requested' = 'active') {
  const [trade] = await database.query<{ id: string }>(
    `insert into trades (group_id, name) values ($1, $2)
     on conflict (group_id, lower(name)) do update set name = excluded.name returning id`,
    [groupId, name],
  );
  await database.query(`insert into member_trades (member_id, trade_id, status) values ($1, $2, $3)`, [memberId, trade!.id, status]);
  return trade!.id;
}

/** The id of a trade in a group, by name. */
export async function tradeId(database: Database, groupId: string, name: string): Promise<string> {
  const rows = await database.query<{ id: string }>('select id from trades where group_id = $1 and lower(name) = lower($2)', [groupId, name]);
  if (!rows[0]) throw new Error(`no trade ${name} in group ${groupId}`);
  return rows[0].id;
}
