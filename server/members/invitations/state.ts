/** Invitation links are single-use and expire; pure rules shared by the host list and redemption. */

export const INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

export type InvitationState = 'open' | 'used' | 'expired';

export function invitationState(invitation: { usedAt: Date | null; expiresAt: Date }, now: Date): InvitationState {
  if (invitation.usedAt) return 'used';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open';
}

export function invitationExpiry(now: Date): Date {
  return new Date(now.getTime() + INVITATION_LIFETIME_MS);
}
