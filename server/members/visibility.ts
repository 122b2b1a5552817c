/**
 * Who may read a profile. Pure, so the whole matrix is unit-tested.
 * - `group`: members of the same group; they see contact details, also of inactive members.
 * - `public`: anyone else, only for an active member's public profile, never with contact details.
 * - `none`: answer 404, so the profile's existence is not revealed. Always for a deleted member:
 *   the person is gone, for their own group too.
 */
export type ProfileAccess = 'group' | 'public' | 'none';

export type ProfileVisibility = { groupId: string; active: boolean; isPublic: boolean; deleted: boolean };

export function profileAccess(profile: ProfileVisibility, viewerGroupIds: readonly string[]): ProfileAccess {
  if (profile.deleted) return 'none';
  if (viewerGroupIds.includes(profile.groupId)) return 'group';
  if (profile.active && profile.isPublic) return 'public';
  return 'none';
}
