import { describe, expect, it } from 'vitest';
import { translator } from '../../server/shared/i18n.js';
import { scoreHistory, scoreMember } from '../../server/trust/score.js';
import { type LedgerRow, monthlyPoints, summaryOf } from '../../server/trust/service.js';
import { trustPageView } from '../../server/trust/trust-view.js';
import { wilsonLowerBound } from '../../server/trust/wilson.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-23T09:00:00Z');

let seq = 0;
function row(fields: Partial<LedgerRow>): LedgerRow {
  seq++;
  return {
    id: `e${seq}`,
    seq,
    kind: 'feedback',
    memberId: 'rita',
    topic: 'steuerberatung',
    referralId: null,
    clientId: `client-${seq}`,
    giverId: 'anna',
    rating: 5,
    neverContacted: null,
    reversesId: null,
    // Answered through the client's mailbox: full weight, so the numbers below are whole outcomes.
    verification: 'mailbox',
    occurredAt: NOW,
    giverName: 'Anna Berger',
    receiverName: null,
    correctionReason: null,
    correctorName: null,
    ...fields,
  };
}

function view(rows: LedgerRow[], allEntries = false) {
  const score = scoreMember(rows, 'rita', NOW);
  const history = scoreHistory(rows, 'rita', monthlyPoints(NOW));
  const subject = { id: 'rita', slug: 'rita', groupId: 'g', active: true, deleted: false, name: 'Rita Rechner', isOwn: false };
  return trustPageView({ subject, rows, score, history }, { locale: 'de', t: translator('de'), now: NOW }, new Set(), allEntries);
}

describe('monthlyPoints', () => {
  it('gives the same day of each of the last 12 months, then now', () => {
    const points = monthlyPoints(NOW);
    expect(points).toHaveLength(13);
    expect(points[0]!.toISOString()).toBe('2025-11-23T09:00:00.000Z');
    expect(points[11]!.toISOString()).toBe('2026-10-23T09:00:00.000Z');
    expect(points[12]).toEqual(NOW);
  });

  it('uses the last day of a shorter month', () => {
    const points = monthlyPoints(new Date('2026-03-31T12:00:00Z'), 2);
    expect(points.map((p) => p.toISOString())).toEqual(['2026-01-31T12:00:00.000Z', '2026-02-28T12:00:00.000Z', '2026-03-31T12:00:00.000Z']);
  });
});

describe('trustPageView', () => {
  it('shows the newest 50 ledger entries and how many older ones the link to all of them adds', () => {
    const rows = Array.from({ length: 62 }, (_, i) => row({ occurredAt: new Date(NOW.getTime() - (62 - i) * DAY) }));
    const page = view(rows);
    expect(page.ledger).toHaveLength(50);
    expect(page).toMatchObject({ ledgerTotal: 62, ledgerOlder: 12 });
    expect(page.ledger[0]!.what).toContain('vor 1 Tag');
    const all = view(rows, true);
    expect(all.ledger).toHaveLength(62);
    expect(all.ledgerOlder).toBe(0);
    expect(view(rows.slice(0, 50)).ledgerOlder).toBe(0);
  });

  it('without evidence: no score, the first outcome as the next step, an empty chart', () => {
    const v = view([]);
    expect(v.overall).toMatchObject({ score: null, hasScore: false, evidence: 'noch keine Bestätigungen' });
    expect(v.moves[0]).toMatch(/^Das erste bestätigte Ergebnis \(5 von 5\) → \d+$/);
    expect(v.chart.rows.every((r) => r.value === 'noch keine Bestätigungen')).toBe(true);
    expect(v.chart.description).toBe('In den letzten 12 Monaten gab es noch keine Bestätigungen.');
    expect(v.ledger).toEqual([]);
  });

  it('rounds scores, lists topics, describes the history and the ledger newest first', () => {
    const rows = [
      row({ occurredAt: new Date(NOW.getTime() - 200 * DAY) }),
      row({ rating: 4, topic: 'lohnbuchhaltung' }),
      row({ kind: 'referrer_feedback', giverId: null, giverName: null, receiverName: 'Theo Tischler', topic: null, rating: 3 }),
    ];
    const v = view(rows);
    const score = scoreMember(rows, 'rita', NOW);
    expect(v.overall.score).toBe(Math.round(100 * wilsonLowerBound(score.overall.R, score.overall.N)));
    expect(v.topics.map((topic) => topic.topic)).toEqual(['Lohnbuchhaltung', 'Steuerberatung']);
    expect(v.referrer.hasScore).toBe(true);
    expect(v.ledger.map((l) => l.id)).toEqual(['e' + seq, 'e' + (seq - 1), 'e' + (seq - 2)]);
    expect(v.ledger[0]!.line).toBe('Empfehlung an Theo Tischler: Kundin oder Kunde bestätigt Ergebnis (3 von 5), heute: +0,50 / −0,50');
    // Nothing before the first outcome, seven months ago: the chart starts with gaps.
    expect(v.chart.rows[0]!.value).toBe('noch keine Bestätigungen');
    expect(v.chart.rows[12]!.value).toBe(String(v.overall.score));
    expect(v.chart.description).toMatch(/^Von \d+ \(\S+ 2026\) auf \d+ \(November 2026\); niedrigster Wert \d+, höchster \d+\.$/);
    expect(v.formula[1]).toMatch(/^Gute Belege R = [\d,]+, schlechte S = 0,3, zusammen N = [\d,]+\.$/);
  });

  it('gives the profile summary the counted, unreversed outcomes', () => {
    const first = row({});
    const rows = [first, row({ rating: 2 }), row({ kind: 'reversal', reversesId: first.id, topic: null, clientId: null, giverId: null, rating: null })];
    const summary = summaryOf(scoreMember(rows, 'rita', NOW));
    expect(summary).toMatchObject({ confirmedOutcomes: 1, distinctClients: 1, distinctGivers: 1, hasScore: true });
  });
});
