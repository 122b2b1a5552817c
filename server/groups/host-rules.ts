/**
 * What a host may do to a member of their group. Pure: the service loads the facts, this decides.
 * The one invariant: a group always keeps at least one active host.
 */
export const MEMBER_ACTIONS = ['promote', 'demote', 'deactivate', 'reactivate'] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

/** `deleted`: the person deleted their account; the row only keeps the history's ids. */
export type MemberState = { role: 'member' | 'host'; active: boolean; deleted: boolean };

/**
 * `last_host`: the group would be left without an active host. `inactive`: reactivate first.
 * `deleted`: the person deleted their account; nobody may bring it back or act on it.
 */
export type Refusal = 'last_host' | 'inactive' | 'deleted';

export function isLastActiveHost(member: MemberState, activeHosts: number): boolean {
  return member.active && member.role === 'host' && activeHosts <= 1;
}

export function refusalFor(action: MemberAction, member: MemberState, activeHosts: number): Refusal | null {
  if (member.deleted) return 'deleted';
  switch (action) {
    case 'promote':
      return member.active ? null : 'inactive';
    case 'demote':
    case 'deactivate':
      return isLastActiveHost(member, activeHosts) ? 'last_host' : null;
    case 'reactivate':
      return null;
  }
}

/** The member after the action; history stays because deactivation only flips `active`. */
export function afterAction(action: MemberAction, member: MemberState): MemberState {
  switch (action) {
    case 'promote':
      return { ...member, role: 'host' };
    case 'demote':
      return { ...member, role: 'member' };
    case 'deactivate':
      return { ...member, active: false };
    case 'reactivate':
      return { ...member, active: true };
  }
}
