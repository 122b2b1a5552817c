import { describe, expect, it } from 'vitest';
import { INVITATION_LIFETIME_MS, invitationExpiry, invitationState } from '../../server/members/invitations/state.js';

describe('invitation state', () => {
  const created = new Date('2026-11-23T09:00:00Z');
  const expiresAt = invitationExpiry(created);

  it('expires exactly 14 days after creation', () => {
    expect(expiresAt.getTime() - created.getTime()).toBe(14 * 24 * 3600 * 1000);
    expect(INVITATION_LIFETIME_MS).toBe(14 * 24 * 3600 * 1000);
  });

  it('is open until the expiry moment, expired from then on', () => {
    expect(invitationState({ usedAt: null, expiresAt }, new Date(expiresAt.getTime() - 1))).toBe('open');
    expect(invitationState({ usedAt: null, expiresAt }, expiresAt)).toBe('expired');
  });

  it('a used invitation stays "used", also after its expiry', () => {
    const usedAt = new Date(created.getTime() + 1000);
    expect(invitationState({ usedAt, expiresAt }, created)).toBe('used');
    expect(invitationState({ usedAt, expiresAt }, new Date(expiresAt.getTime() + 1))).toBe('used');
  });
});
