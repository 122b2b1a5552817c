import { describe, expect, it } from 'vitest';
import { afterAction, MEMBER_ACTIONS, type MemberState, refusalFor } from '../../server/groups/host-rules.js';
import { MAX_ATTEMPTS, retryDelayMs, shouldGiveUp } from '../../server/mail/backoff.js';

const activeHost: MemberState = { role: 'host', active: true, deleted: false };
const activeMember: MemberState = { role: 'member', active: true, deleted: false };
const inactiveHost: MemberState = { role: 'host', active: false, deleted: false };
const inactiveMember: MemberState = { role: 'member', active: false, deleted: false };
const deletedMember: MemberState = { role: 'member', active: false, deleted: true };

describe('what a host may do to a member', () => {
  it('the last active host can be neither demoted nor deactivated', () => {
    expect(refusalFor('demote', activeHost, 1)).toBe('last_host');
    expect(refusalFor('deactivate', activeHost, 1)).toBe('last_host');
    expect(refusalFor('demote', activeHost, 2)).toBeNull();
    expect(refusalFor('deactivate', activeHost, 2)).toBeNull();
  });

  it('an inactive host is not counted and may be demoted', () => {
    expect(refusalFor('demote', inactiveHost, 1)).toBeNull();
  });

  it('only active members can be promoted', () => {
    expect(refusalFor('promote', activeMember, 1)).toBeNull();
    expect(refusalFor('promote', inactiveMember, 1)).toBe('inactive');
  });

  it('every action on a deleted member is refused, reactivation above all', () => {
    for (const action of MEMBER_ACTIONS) {
      for (const activeHosts of [1, 2]) expect(refusalFor(action, deletedMember, activeHosts), action).toBe('deleted');
    }
    // Whatever role or activity the row shows, deletion wins.
    expect(refusalFor('reactivate', { ...activeHost, deleted: true }, 2)).toBe('deleted');
    expect(refusalFor('reactivate', inactiveMember, 1)).toBeNull();
  });

  it('no allowed action ever leaves a group without an active host', () => {
    const states = [activeHost, activeMember, inactiveHost, inactiveMember, deletedMember];
    for (const action of MEMBER_ACTIONS) {
      for (const target of states) {
        for (const otherActiveHosts of [0, 1, 2]) {
          const activeHosts = otherActiveHosts + (target.active && target.role === 'host' ? 1 : 0);
          if (activeHosts === 0 || refusalFor(action, target, activeHosts)) continue;
          const after = afterAction(action, target);
          const remaining = otherActiveHosts + (after.active && after.role === 'host' ? 1 : 0);
          expect(remaining, `${action} on ${JSON.stringify(target)} with ${activeHosts} active hosts`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('each action changes exactly what it says', () => {
    expect(afterAction('promote', activeMember)).toEqual(activeHost);
    expect(afterAction('demote', activeHost)).toEqual(activeMember);
    expect(afterAction('deactivate', activeHost)).toEqual(inactiveHost);
    expect(afterAction('reactivate', inactiveMember)).toEqual(activeMember);
  });
});

describe('mail retry backoff', () => {
  it('doubles from one minute and is capped at six hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(30)).toBe(6 * 60 * 60 * 1000);
  });

  it('gives up (keeps the message for hosts) only after the last attempt', () => {
    expect(shouldGiveUp(MAX_ATTEMPTS - 1)).toBe(false);
    expect(shouldGiveUp(MAX_ATTEMPTS)).toBe(true);
  });
});
