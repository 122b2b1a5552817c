import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_TOPICS, evidenceAt, foldTopicStats, median, overallScore, STATS_EPOCH, topicScore } from '../../server/directory/topic-stats.js';
import type { TrustEvent, TrustEventKind } from '../../server/ledger/events.js';
import { scoreMember } from '../../server/trust/score.js';
import { summaryOf } from '../../server/trust/service.js';

const DAY = 86_400_000;
const START = Date.parse('2023-06-01T00:00:00Z');
const MEMBERS = ['alice', 'bob'] as const;
const TOPICS = ['steuerberatung', 'webdesign', null] as const;
const KINDS: TrustEventKind[] = ['referral_given', 'feedback', 'feedback', 'feedback', 'referrer_feedback', 'business_closed', 'response_overdue', 'reversal', 'reversal'];

/** Random ledgers about two members (as in ledger-score.property.test.ts): 30-day rule, reversals, decay, superseded deadlines. */
const ledgerArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      memberId: fc.constantFrom(...MEMBERS),
      topic: fc.constantFrom(...TOPICS),
      clientId: fc.option(fc.constantFrom('c1', 'c2', 'c3'), { nil: null, freq: 5 }),
      giverId: fc.option(fc.constantFrom('g1', 'g2', 'alice', 'bob'), { nil: null }),
      referralId: fc.option(fc.constantFrom('r1', 'r2'), { nil: null, freq: 4 }),
      rating: fc.integer({ min: 1, max: 5 }),
      neverContacted: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      day: fc.oneof({ arbitrary: fc.double({ min: 800, max: 900, noNaN: true }), weight: 3 }, fc.double({ min: 0, max: 900, noNaN: true })),
      target: fc.nat(),
    }),
    { maxLength: 40, size: 'max' },
  )
  .map((drafts) => {
    const events: TrustEvent[] = [];
    for (const [i, { day, target, ...draft }] of drafts.entries()) {
      const occurredAt = new Date(START + day * DAY);
      const aim = events[target % Math.max(i, 1)];
      if (draft.kind === 'reversal' && aim) events.push({ ...draft, id: `e${i}`, memberId: aim.memberId, reversesId: aim.id, occurredAt });
      else events.push({ ...draft, id: `e${i}`, kind: draft.kind === 'reversal' ? 'feedback' : draft.kind, occurredAt });
    }
    return events;
  });

/** After every event (the trust page would count a future-stamped event as brand new; see topic-stats.ts). */
const laterArb = fc.double({ min: 0, max: 1500, noNaN: true });

const close = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b);
  return expect(a).toBeCloseTo(b, 6);
};

describe('the directory aggregates fold the ledger exactly as the trust page scores it', () => {
  it('overall and topic scores, distinct clients and givers, confirmed outcomes: equal for any ledger and any later day', () => {
    fc.assert(
      fc.property(ledgerArb, fc.constantFrom(...MEMBERS), laterArb, (events, memberId, later) => {
        const last = Math.max(START, ...events.map((e) => e.occurredAt.getTime()));
        const now = new Date(last + later * DAY);
        const page = scoreMember(events, memberId, now);
        const rows = new Map(foldTopicStats(events, memberId).map((r) => [r.topic, r]));

        const overallRow = rows.get(ALL_TOPICS)!;
        const overall = evidenceAt(overallRow, now);
        close(overallScore(overall), page.overall.score);
        expect(overall.R).toBeCloseTo(page.overall.R, 9);
        expect(overall.S).toBeCloseTo(page.overall.S, 9);
        expect(overallRow.distinctClients).toBe(page.overall.distinctClients);
        expect(overallRow.distinctGivers).toBe(page.overall.distinctGivers);
        expect(overallRow.confirmedOutcomes).toBe(summaryOf(page).confirmedOutcomes);

        expect([...rows.keys()].filter((t) => t !== ALL_TOPICS).sort()).toEqual(Object.keys(page.byTopic).sort());
        for (const [topic, pageTopic] of Object.entries(page.byTopic)) {
          const row = rows.get(topic)!;
          close(topicScore(evidenceAt(row, now), overall), pageTopic.score);
          expect(row.distinctClients).toBe(pageTopic.distinctClients);
          expect(row.distinctGivers).toBe(pageTopic.distinctGivers);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('referrer feedback is the giver’s accuracy, never their trust as a provider', () => {
    const at = new Date('2026-01-10T00:00:00Z');
    const events: TrustEvent[] = [
      { id: 'r1', kind: 'referrer_feedback', memberId: 'alice', topic: 'webdesign', clientId: 'c1', rating: 5, occurredAt: at },
      { id: 'r2', kind: 'referrer_feedback', memberId: 'alice', topic: 'webdesign', clientId: 'c2', rating: 5, occurredAt: at },
    ];
    const rows = foldTopicStats(events, 'alice');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ topic: '', positiveScaled: 0, negativeScaled: 0, confirmedOutcomes: 0, distinctClients: 0 });
  });

  it('the same client counts once per 30 days, and a reversal takes its outcome back', () => {
    const day = (n: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + n * DAY);
    const fb = (id: string, n: number, clientId: string): TrustEvent => ({ id, kind: 'feedback', memberId: 'm', topic: 'steuerberatung', clientId, giverId: 'g', rating: 5, verification: 'mailbox', occurredAt: day(n) });
    const events: TrustEvent[] = [fb('a', 0, 'c1'), fb('b', 10, 'c1'), fb('c', 40, 'c1'), fb('d', 41, 'c2'), { id: 'x', kind: 'reversal', memberId: 'm', topic: null, reversesId: 'd', occurredAt: day(42) }];
    const row = foldTopicStats(events, 'm').find((r) => r.topic === 'steuerberatung')!;
    expect(row.confirmedOutcomes).toBe(2); // a and c; b within 30 days of a; d reversed
    expect(row.distinctClients).toBe(1);
    expect(row.lastOutcomeAt).toEqual(day(40));
    // a, decayed 40 days, and c — both from giver g, so by the same-giver √ law (rule version 2): √(a² + c²).
    expect(evidenceAt(row, day(40)).R).toBeCloseTo(Math.sqrt(2 ** (-80 / 365) + 1), 6);
  });

  it('a confirmed contact supersedes the missed deadline, and only clients with an outcome are counted', () => {
    const day = (n: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + n * DAY);
    const about = { memberId: 'm', topic: 'steuerberatung', giverId: 'g' };
    const events: TrustEvent[] = [
      { id: 'o1', kind: 'response_overdue', ...about, referralId: 'r1', clientId: 'c1', occurredAt: day(0) },
      { id: 'o2', kind: 'response_overdue', ...about, referralId: 'r2', clientId: 'c2', occurredAt: day(0) },
      { id: 'f1', kind: 'feedback', ...about, referralId: 'r1', clientId: 'c1', rating: 5, verification: 'mailbox', occurredAt: day(1) },
    ];
    const row = foldTopicStats(events, 'm').find((r) => r.topic === ALL_TOPICS)!;
    // r1's deadline is superseded by c1's "yes, 5 stars"; r2's stands, and c2 had no outcome.
    expect(row).toMatchObject({ confirmedOutcomes: 1, distinctClients: 1, distinctGivers: 1 });
    expect(evidenceAt(row, day(1)).R).toBeCloseTo(1, 9);
    expect(evidenceAt(row, day(1)).S).toBeCloseTo(0.5 * 2 ** (-1 / 365), 9);
  });

  it('stores weights scaled to the epoch: w · 2^((t − epoch) / 365 d)', () => {
    const t = new Date(STATS_EPOCH.getTime() + 730 * DAY);
    const [row] = foldTopicStats([{ id: 'a', kind: 'business_closed', memberId: 'm', topic: null, occurredAt: t }], 'm');
    expect(row!.positiveScaled).toBeCloseTo(0.5 * 4, 9);
    expect(evidenceAt(row!, new Date(t.getTime() + 365 * DAY)).R).toBeCloseTo(0.25, 9);
  });

  it('median time to first contact per topic and overall', () => {
    const rows = foldTopicStats([], 'm', [
      { topic: 'webdesign', seconds: 3600 },
      { topic: 'webdesign', seconds: 7200 },
      { topic: 'fotografie', seconds: 100 },
    ]);
    const by = new Map(rows.map((r) => [r.topic, r.medianFirstContactSeconds]));
    expect(by.get('webdesign')).toBe(5400);
    expect(by.get('fotografie')).toBe(100);
    expect(by.get('')).toBe(3600);
    expect(median([])).toBeNull();
  });
});
