import { describe, expect, it } from 'vitest';
import { canMove, history, isOverdue, nextSteps, type ReferralStatus, type StepTimestamps, transition } from '../../server/referrals/lifecycle.js';

const none: StepTimestamps = { contactedAt: null, meetingAt: null, proposalAt: null, wonAt: null, lostAt: null };
const now = new Date('2026-11-25T10:00:00Z');
const earlier = new Date('2026-11-24T10:00:00Z');
const ALL: ReferralStatus[] = ['open', 'contacted', 'meeting', 'proposal', 'won', 'lost'];

describe('referral lifecycle', () => {
  it('offers every later step and "lost" from each open step, nothing from the final ones', () => {
    expect(nextSteps('open')).toEqual(['contacted', 'meeting', 'proposal', 'won', 'lost']);
    expect(nextSteps('contacted')).toEqual(['meeting', 'proposal', 'won', 'lost']);
    expect(nextSteps('meeting')).toEqual(['proposal', 'won', 'lost']);
    expect(nextSteps('proposal')).toEqual(['won', 'lost']);
    expect(nextSteps('won')).toEqual([]);
    expect(nextSteps('lost')).toEqual([]);
  });

  it('never goes backwards, never stays, never returns to open', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        const forward = ALL.indexOf(to) > ALL.indexOf(from) && from !== 'won' && from !== 'lost';
        expect(canMove(from, to), `${from} → ${to}`).toBe(forward);
        expect(transition(from, to, none, now) === null, `${from} → ${to}`).toBe(!forward);
      }
    }
  });

  it('sets the target timestamp', () => {
    expect(transition('open', 'contacted', none, now)).toEqual({ contactedAt: now });
    expect(transition('proposal', 'won', { ...none, contactedAt: earlier, meetingAt: earlier, proposalAt: earlier }, now)).toEqual({ wonAt: now });
  });

  it('fills in skipped steps along the path, keeping ones already set', () => {
    expect(transition('open', 'meeting', none, now)).toEqual({ contactedAt: now, meetingAt: now });
    expect(transition('open', 'won', none, now)).toEqual({ contactedAt: now, meetingAt: now, proposalAt: now, wonAt: now });
    expect(transition('contacted', 'proposal', { ...none, contactedAt: earlier }, now)).toEqual({ meetingAt: now, proposalAt: now });
  });

  it('records "lost" without inventing earlier steps', () => {
    expect(transition('open', 'lost', none, now)).toEqual({ lostAt: now });
    expect(transition('meeting', 'lost', { ...none, contactedAt: earlier, meetingAt: earlier }, now)).toEqual({ lostAt: now });
  });

  it('is overdue only while open and past the deadline', () => {
    expect(isOverdue({ status: 'open', dueAt: now }, now)).toBe(true);
    expect(isOverdue({ status: 'open', dueAt: new Date(now.getTime() + 1) }, now)).toBe(false);
    expect(isOverdue({ status: 'contacted', dueAt: earlier }, now)).toBe(false);
  });

  it('lists the history in order, with the missed deadline', () => {
    const created = new Date('2026-11-20T09:00:00Z');
    const overdue = new Date('2026-11-24T09:00:00Z');
    const entries = history({ ...none, createdAt: created, overdueAt: overdue, contactedAt: now, meetingAt: now, lostAt: new Date('2026-11-26T10:00:00Z') });
    expect(entries.map((e) => e.step)).toEqual(['given', 'overdue', 'contacted', 'meeting', 'lost']);
  });
});
