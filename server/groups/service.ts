import type { Db } from '../../db/client.js';
import { addMemberAccount, type NewPerson } from '../members/accounts.js';
import { errors } from '../shared/errors.js';
import type { Locale } from '../shared/i18n.js';
import { slugify, uniqueSlug } from '../shared/slug.js';
import { groupQueries } from './queries.js';
import type { SetupInput } from './schemas.js';

export async function needsSetup(db: Db): Promise<boolean> {
  return (await groupQueries(db).countGroups()) === 0;
}

export type NewGroup = { name: string; city: string; locale: Locale };
/** A new group with its first host. */
export async function createGroupWithHost(db: Db, group: NewGroup, host: NewPerson) {
  return db.transaction(async (tx) => {
    const q = groupQueries(tx);
    const base = slugify(group.name);
    const created = await q.insertGroup({ ...group, slug: uniqueSlug(base, await q.groupSlugsLike(base)) });
    const { account, member } = await addMemberAccount(tx, created.id, host, 'host');
    return { group: created, account, member };
  });
}

/** First start: creates the group and its first host. Only possible while no group exists. */
export async function setUpFirstGroup(db: Db, input: SetupInput) {
  return db.transaction(async (tx) => {
    const q = groupQueries(tx);
    await q.lockGroups();
    if ((await q.countGroups()) > 0) throw errors.conflict('setup.errors.already_done');
    return createGroupWithHost(
      tx,
      { name: input.groupName, city: input.city, locale: input.locale },
      { name: input.hostName, email: input.email, password: input.password },
    );
  });
}
