import type { Db } from '../../db/client.js';
import { errors } from '../shared/errors.js';
import { teaser } from '../shared/teaser.js';
import { memberQueries } from './queries.js';
import { pageCount, pagination, ROSTER_PAGE_SIZE } from './roster-paging.js';
import { type ProfileAccess, profileAccess } from './visibility.js';

/**
 * One page of the group's active members for the roster: two queries whatever the group's size.
 * A page past the end answers `beyond` with the last page, so the route can send the member there.
 */
export async function groupRoster(db: Db, groupId: string, page: number) {
  const q = memberQueries(db);
  const rows = await q.roster(groupId, ROSTER_PAGE_SIZE, (page - 1) * ROSTER_PAGE_SIZE);
  if (rows.length === 0 && page > 1) return { status: 'beyond' as const, lastPage: pageCount(await q.countActive(groupId)) };
  const tradesByMember = await q.tradesOf(rows.map((r) => r.id));
  const total = rows[0]?.total ?? 0;
  return {
    status: 'page' as const,
    total,
    pagination: pagination(page, total),
    members: rows.map(({ total: _total, ...row }) => ({
      ...row,
      warumTeaser: teaser(row.warum),
      trades: tradesByMember.get(row.id) ?? [],
    })),
  };
}

/** Who is looking: the groups they belong to and their own member ids. */
export type ProfileViewer = { groupIds: string[]; memberIds: string[] };

/** The profile behind a URL with the viewer's access to it; a hidden profile is "not found". */
async function findVisible(db: Db, slug: string, viewer: ProfileViewer) {
  const profile = await memberQueries(db).profileBySlug(slug);
  const access: ProfileAccess = profile ? profileAccess(profile, viewer.groupIds) : 'none';
  // One answer for "no such profile" and "not for you".
  if (!profile || access === 'none') throw errors.notFound('members.profile.not_found');
  return { profile, access };
}

/**
 * A profile as this viewer may see it. Contact details only reach members of the same group;
 * a profile the viewer may not see is "not found", so its existence stays private.
 */
export async function visibleProfile<Extra = null>(
  db: Db,
  slug: string,
  viewer: ProfileViewer,
  /** More data about the same member (e.g. its trust summary), loaded in parallel with the own seats. */
  alongside?: (memberId: string, access: ProfileAccess) => Promise<Extra>,
) {
  const { profile, access } = await findVisible(db, slug, viewer);
  const q = memberQueries(db);
  const isOwn = viewer.memberIds.includes(profile.id);
  const [ownSeats, extra] = await Promise.all([
    isOwn ? q.seatsOf(profile.id) : Promise.resolve([]),
    alongside ? alongside(profile.id, access) : Promise.resolve(null as Extra),
  ]);
  const { email, phone, website, ...shown } = profile;
  return {
    ...shown,
    extra,
    access,
    isOwn,
    trades: profile.trades,
    pendingTrades: ownSeats.filter((seat) => seat.status === 'pending').map((seat) => seat.name),
    contact: access === 'group' ? { email, phone, phoneHref: phone.replace(/[^+0-9]/g, ''), website } : null,
  };
}

/** A profile photo under the profile's own visibility rules; null when the member has none. */
export async function visiblePhoto(db: Db, slug: string, viewer: ProfileViewer) {
  const { profile, access } = await findVisible(db, slug, viewer);
  if (!profile.hasPhoto) return null;
  const photo = await memberQueries(db).photoOf(profile.id);
  return photo ? { ...photo, access } : null;
}

/** The trades of these members, by member: what cards and lists show under a name. */
export async function tradesOfMembers(db: Db, memberIds: string[]) {
  return memberQueries(db).tradesOf(memberIds);
}
