/**
 * The attacks of issue 12, each appended to the same honest world: what the attackers add to the
 * ledger when they buy their own good evidence. All answers are 5 stars; `days` spreads them over
 * the last months (so the 30-day same-client rule never helps: every client is fresh).
 */
import { Ledger, NOW, prng } from './world.js';

const DAY = 86_400_000;

export type Attack = {
  name: string;
  attackers: number;
  /** Set for an attack the goals do not cover; printed apart, with this reason. */
  outsideGoals?: string;
  /** Appends the attack's events; returns which attackers' scores are measured. */
  run: (ledger: Ledger, attackers: string[], seed: number) => void;
};

const recent = (rand: () => number) => new Date(NOW.getTime() - Math.floor(40 + rand() * 150) * DAY);
const five = (verification: 'mailbox' | 'shared' | 'flagged') => ({ rating: 5, neverContacted: false, verification });

/** Referrals per direction in the pair and the ring; sock-puppet clients; referrals in a flood. */
export const SIZES = { pair: 6, ring: 6, sockPuppets: 10, flood: 20 } as const;

export const ATTACKS: Attack[] = [
  {
    name: `colluding pair (${SIZES.pair} referrals each way, answered by hand)`,
    attackers: 2,
    run: (l, [a, b], seed) => {
      const rand = prng(seed);
      for (let i = 0; i < SIZES.pair; i++) {
        l.referral(a!, b!, recent(rand), five('shared'));
        l.referral(b!, a!, recent(rand), five('shared'));
      }
    },
  },
  {
    name: `ring of three (${SIZES.ring} referrals each, answered by hand)`,
    attackers: 3,
    run: (l, [a, b, c], seed) => {
      const rand = prng(seed);
      for (let i = 0; i < SIZES.ring; i++) {
        l.referral(a!, b!, recent(rand), five('shared'));
        l.referral(b!, c!, recent(rand), five('shared'));
        l.referral(c!, a!, recent(rand), five('shared'));
      }
    },
  },
  {
    name: `sock-puppet clients, fresh addresses on the giver's domain (${SIZES.sockPuppets}; flagged by the domain signal)`,
    attackers: 2,
    run: (l, [a, b], seed) => {
      const rand = prng(seed);
      for (let i = 0; i < SIZES.sockPuppets; i++) l.referral(b!, a!, recent(rand), five('flagged'));
    },
  },
  {
    // The shared-domain signal (a giver's clients on one domain that is not a common mail provider)
    // flags the 2nd answer and holds the 1st back after the fact (a `feedback_held` event), as
    // server/signals does; every later one arrives flagged.
    name: `sock-puppet clients on one neutral (non-provider) domain (${SIZES.sockPuppets}; mailbox-confirmed, held from the 2nd by the shared-domain signal, the 1st with it)`,
    attackers: 2,
    run: (l, [a, b], seed) => {
      const rand = prng(seed);
      const times = Array.from({ length: SIZES.sockPuppets }, () => recent(rand)).sort((x, y) => x.getTime() - y.getTime());
      const first = l.referral(b!, a!, times[0]!, five('mailbox'));
      for (const at of times.slice(1)) l.referral(b!, a!, at, five('flagged'));
      l.hold(first, new Date(times[1]!.getTime() + 14 * DAY));
    },
  },
  {
    name: `perfect sock puppets: each on a different domain, mailbox-confirmed (${SIZES.sockPuppets})`,
    outsideGoals: "indistinguishable from genuine clients; limited only by the per-giver cap",
    attackers: 2,
    run: (l, [a, b], seed) => {
      const rand = prng(seed);
      for (let i = 0; i < SIZES.sockPuppets; i++) l.referral(b!, a!, recent(rand), five('mailbox'));
    },
  },
  {
    name: `sock-puppet clients on one device (${SIZES.sockPuppets}; arrive flagged, weight 0)`,
    attackers: 2,
    run: (l, [a, b], seed) => {
      const rand = prng(seed);
      for (let i = 0; i < SIZES.sockPuppets; i++) l.referral(b!, a!, recent(rand), five('flagged'));
    },
  },
  {
    name: `one giver floods one receiver (${SIZES.flood} referrals, answered by hand)`,
    attackers: 2,
    run: (l, [a, b], seed) => {
      const rand = prng(seed);
      for (let i = 0; i < SIZES.flood; i++) l.referral(b!, a!, recent(rand), five('shared'));
    },
  },
];
