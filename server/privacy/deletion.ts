/**
 * The pure parts of deleting an account: the placeholders that replace the person's data and the
 * one rule that can refuse it. Unit-tested.
 */

/**
 * Unique (the account id) and never deliverable: `.invalid` is reserved by RFC 2606, so no mail
 * can reach anyone, and no one can register or log in with it.
 */
export function deletedEmail(accountId: string): string {
  return `deleted-${accountId}@deleted.invalid`;
}

/** Not a PHC string, so argon2 verification fails for every password. */
export const UNUSABLE_PASSWORD_HASH = '!deleted';

/** The old slug carried the name; the new one is unique and says nothing. */
export function deletedSlug(memberId: string): string {
  return `deleted-${memberId}`;
}

export type HostSeat = { groupId: string; groupName: string; role: 'member' | 'host'; active: boolean };

/**
 * The groups that would be left without an active host: the account holds the only one there.
 * `activeHosts` counts the group's active hosts, this account's own seat included.
 */
export function groupsLeftWithoutHost(seats: readonly HostSeat[], activeHosts: ReadonlyMap<string, number>): string[] {
  return seats
    .filter((seat) => seat.active && seat.role === 'host' && (activeHosts.get(seat.groupId) ?? 0) <= 1)
    .map((seat) => seat.groupName);
}
