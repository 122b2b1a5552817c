/**
 * `npm run bench:collusion`: the cost of collusion resistance for one large group — 1,000 members,
 * 20,000 ledger events (referrals with their answers, business and deadlines; seeded). Times, in
 * memory and with the real code: the group context (collusion.ts), re-folding every member's
 * directory aggregates with it (what a trust event now costs the projection, without the I/O),
 * one member's trust page score, and its 13-point chart. Prints min / median / max of 5 runs.
 */
import { performance } from 'node:perf_hooks';
import { foldTopicStats } from '../../server/directory/topic-stats.js';
import type { TrustEvent } from '../../server/ledger/events.js';
import { groupContext } from '../../server/trust/collusion.js';
import { scoreHistory, scoreMember } from '../../server/trust/score.js';
import { monthlyPoints } from '../../server/trust/service.js';
import { Ledger, NOW, prng } from '../sim/world.js';

const MEMBERS = 1_000;
const EVENTS = 20_000;
const RUNS = 5;
const DAY = 86_400_000;

function bigGroup(): TrustEvent[] {
  const rand = prng(2026);
  const members = Array.from({ length: MEMBERS }, (_, i) => `m${i}`);
  const ledger = new Ledger('b');
  while (ledger.events.length < EVENTS) {
    const receiver = members[Math.floor(rand() * MEMBERS)]!;
    let giver = members[Math.floor(rand() * MEMBERS)]!;
    if (giver === receiver) giver = members[(members.indexOf(receiver) + 1) % MEMBERS]!;
    const at = new Date(NOW.getTime() - Math.floor(rand() * 700) * DAY - 20 * DAY);
    const answered = rand() < 0.8;
    const rating = 1 + Math.floor(rand() * 5);
    ledger.referral(giver, receiver, at, answered ? { rating, neverContacted: false, verification: rand() < 0.5 ? 'mailbox' : 'shared' } : null, 'beratung', {
      closed: rand() < 0.2,
      overdue: rand() < 0.08,
    });
  }
  return ledger.events.slice(0, EVENTS).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

function time(run: () => void): { min: number; median: number; max: number } {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { min: ms[0]!, median: ms[RUNS >> 1]!, max: ms[RUNS - 1]! };
}

const events = bigGroup();
const byMember = new Map<string, TrustEvent[]>();
for (const e of events) byMember.set(e.memberId, [...(byMember.get(e.memberId) ?? []), e]);
const busiest = [...byMember].sort((a, b) => b[1].length - a[1].length)[0]!;
const cached = groupContext(events, NOW);

const results = {
  'group context (collusion.ts)': time(() => groupContext(events, NOW)),
  'score all 1,000 members (context + fold each, as the directory re-fold)': time(() => {
    const context = groupContext(events);
    for (const [member, own] of byMember) foldTopicStats(own, member, [], context);
  }),
  [`one trust page score (busiest member, ${busiest[1].length} events, context cached)`]: time(() => {
    scoreMember(busiest[1], busiest[0], NOW, cached);
  }),
  'one trust page chart (13 points, context per point)': time(() => {
    scoreHistory(busiest[1], busiest[0], monthlyPoints(NOW), events);
  }),
};
console.log(`bench:collusion — ${MEMBERS} members, ${events.length} events, ${RUNS} runs (ms)`);
console.log('| stage | min | median | max |');
console.log('|---|---:|---:|---:|');
for (const [stage, r] of Object.entries(results)) console.log(`| ${stage} | ${r.min.toFixed(1)} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} |`);
