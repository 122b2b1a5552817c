/**
 * What a host may do to a member of their group. Pure: the service loads the facts, this decides.
 * The one invariant: a group always keeps at least one active host.
 */
export const MEMBER_ACTIONS = ['promote', 'demote', 'deactivate', 'reactivate'] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

export type MemberState = { role: 'member' | 'host'; active: boolean };

/** `last_host`: the group would be left without an active host. `inactive`: reactivate first. */
export type Refusal = 'last_host' | 'inactive';

export function isLastActiveHost(member: MemberState, activeHosts: number): boolean {
  return member.active && member.role === 'host' && activeHosts <= 1;
}

export function refusalFor(action: MemberAction, member: MemberState, activeHosts: number): Refusal | null {
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
