/**
 * Synthetic groups for the trust simulation: honest members with realistic outcomes, and the
 * attacks of issue 12 appended to the same world. Pure and seeded: the same seed gives the same
 * ledgers. Events have the shape the real scorer reads (server/ledger/events.ts).
 */
import type { TrustEvent } from '../../server/ledger/events.js';

export const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 86_400_000;

/** mulberry32: a small seeded PRNG, good enough for synthetic ledgers. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type World = { events: TrustEvent[]; honest: string[]; attackers: string[] };

type Answer = { rating: number | null; neverContacted: boolean; verification: 'mailbox' | 'shared' | 'flagged' };

/** Writes one referral as the app does: the advance, and (if answered) feedback + referrer feedback. */
export class Ledger {
  readonly events: TrustEvent[] = [];
  private n = 0;
  constructor(private readonly prefix: string) {}

  referral(giver: string, receiver: string, at: Date, answer: Answer | null, topic = 'beratung', extra: { closed?: boolean; overdue?: boolean } = {}) {
    const id = `${this.prefix}${++this.n}`;
    const clientId = `client-${id}`;
    const base = { topic, referralId: `ref-${id}`, clientId, giverId: giver };
    this.events.push({ ...base, id: `${id}-given`, kind: 'referral_given', memberId: receiver, occurredAt: at });
    const later = (days: number) => new Date(at.getTime() + days * DAY);
    if (extra.overdue) this.events.push({ ...base, id: `${id}-overdue`, kind: 'response_overdue', memberId: receiver, occurredAt: later(3) });
    if (answer) {
      const fields = { ...base, rating: answer.rating, neverContacted: answer.neverContacted, verification: answer.verification, occurredAt: later(14) };
      this.events.push({ ...fields, id: `${id}-fb`, kind: 'feedback', memberId: receiver });
      this.events.push({ ...fields, id: `${id}-rfb`, kind: 'referrer_feedback', memberId: giver });
    }
    if (extra.closed) this.events.push({ ...base, id: `${id}-closed`, kind: 'business_closed', memberId: receiver, occurredAt: later(20) });
    return base.referralId;
  }

  /** A referral's answer held back after the fact (server/signals appends `feedback_held`, as here). */
  hold(referralId: string, at: Date) {
    const answers = this.events.filter((e) => e.referralId === referralId && (e.kind === 'feedback' || e.kind === 'referrer_feedback'));
    for (const e of answers) {
      this.events.push({ id: `${e.id}-held`, kind: 'feedback_held', memberId: e.memberId, topic: e.topic, referralId, reversesId: e.id, verification: 'flagged', occurredAt: at });
    }
  }
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Mostly 4–5 stars, some 2–3, a few 1; some never contacted; mailbox or shared by hand. */
function honestAnswer(rand: () => number, quality: number): Answer | null {
  const verification = rand() < 0.55 ? 'mailbox' : 'shared';
  if (rand() < 0.2) return null; // the client never answered
  if (rand() < 0.06 + (1 - quality) * 0.1) return { rating: null, neverContacted: true, verification };
  const u = rand() + (quality - 0.75);
  const rating = u > 0.6 ? 5 : u > 0.3 ? 4 : u > 0.12 ? 3 : u > 0.04 ? 2 : 1;
  return { rating, neverContacted: false, verification };
}

/**
 * 20 honest members (plus `attackerCount` members who behave honestly in this world): each gets
 * 3–14 referrals over the last 18 months from random other members, and each member's quality
 * (how well their work goes) differs, so the honest order is not a tie.
 */
export function honestWorld(seed: number, attackerCount: number): World {
  const rand = prng(seed);
  const honest = Array.from({ length: 20 }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);
  const attackers = Array.from({ length: attackerCount }, (_, i) => `a${i + 1}`);
  const members = [...honest, ...attackers];
  const quality = new Map(members.map((m) => [m, 0.55 + rand() * 0.45] as const));
  const ledger = new Ledger('w');
  for (const receiver of members) {
    const count = 3 + Math.floor(rand() * 12);
    for (let k = 0; k < count; k++) {
      let giver = pick(rand, members);
      while (giver === receiver) giver = pick(rand, members);
      const at = new Date(NOW.getTime() - Math.floor(rand() * 540) * DAY - 30 * DAY);
      const q = quality.get(receiver)!;
      ledger.referral(giver, receiver, at, honestAnswer(rand, q), pick(rand, ['beratung', 'steuern', 'web']), {
        closed: rand() < 0.25 * q,
        overdue: rand() < 0.08 * (1.2 - q),
      });
    }
  }
  return { events: ledger.events, honest, attackers };
}
