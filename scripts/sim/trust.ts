/**
 * `npm run sim:trust [-- --seed N] [-- --seeds N]`: does collusion pay? For each attack of issue 12,
 * the points the attackers gain over the same world without the attack, and Kendall's tau of the
 * honest members' order, scored by the real scorer (server/trust/). Goals: gain ≤ 5, tau ≥ 0.9.
 * With --seeds N, runs seeds 1..N and prints the largest gain and the smallest tau per attack.
 */
import { ATTACKS } from './attacks.js';
import { kendallTau, maxGain, scoreGroup, scoreGroupWithoutCollusion } from './measure.js';
import { honestWorld, Ledger, NOW } from './world.js';

const GOAL_GAIN = 5;
const GOAL_TAU = 0.9;

function arg(name: string): number | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : null;
}

type Row = { attack: string; outsideGoals?: string; gain: number; gainOld: number; tau: number; honestChange: number };

function runSeed(seed: number): Row[] {
  return ATTACKS.map((attack) => {
    const world = honestWorld(seed, attack.attackers);
    const members = [...world.honest, ...world.attackers];
    const extra = new Ledger('x');
    attack.run(extra, world.attackers, seed + 1000);
    const attacked = [...world.events, ...extra.events];
    const before = scoreGroup(world.events, members, NOW);
    const after = scoreGroup(attacked, members, NOW);
    const beforeOld = scoreGroupWithoutCollusion(world.events, members, NOW);
    const afterOld = scoreGroupWithoutCollusion(attacked, members, NOW);
    const honestChange = world.honest.reduce((sum, m) => sum + before.get(m)! - beforeOld.get(m)!, 0) / world.honest.length;
    return {
      attack: attack.name,
      outsideGoals: attack.outsideGoals,
      gain: maxGain(before, after, world.attackers),
      gainOld: maxGain(beforeOld, afterOld, world.attackers),
      tau: kendallTau(before, after, world.honest),
      honestChange,
    };
  });
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);
/** "yes"/"NO" against the goals, or why the attack is outside them. */
const verdict = (outside: string | undefined, gain: number, tau: number) =>
  outside ? `outside the goals: ${outside}` : gain <= GOAL_GAIN && tau >= GOAL_TAU ? 'yes' : 'NO';
/** Rows within the goals first, then those outside them. */
const goalsFirst = <T extends { outsideGoals?: string }>(rows: T[]) => [...rows.filter((r) => !r.outsideGoals), ...rows.filter((r) => r.outsideGoals)];
const seeds = arg('seeds');
if (seeds) {
  const worst = new Map<string, { outsideGoals?: string; gain: number; gainOld: number; tau: number; seed: number }>();
  let honestChange = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    for (const row of runSeed(seed)) {
      const w = worst.get(row.attack) ?? { outsideGoals: row.outsideGoals, gain: -Infinity, gainOld: -Infinity, tau: Infinity, seed };
      if (row.gain > w.gain) Object.assign(w, { gain: row.gain, seed });
      w.gainOld = Math.max(w.gainOld, row.gainOld);
      w.tau = Math.min(w.tau, row.tau);
      worst.set(row.attack, w);
      honestChange += row.honestChange / ATTACKS.length / seeds;
    }
  }
  console.log(`Seeds 1..${seeds}: the worst case per attack`);
  console.log('| attack | max gain (points) | worst seed | max gain without collusion factors | min tau | goals met |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const w of goalsFirst([...worst].map(([attack, w]) => ({ attack, ...w })))) {
    console.log(`| ${w.attack} | ${fmt(w.gain)} | ${w.seed} | ${fmt(w.gainOld)} | ${fmt(w.tau, 3)} | ${verdict(w.outsideGoals, w.gain, w.tau)} |`);
  }
  console.log(`\nHonest members' score, collusion factors minus without, mean over seeds: ${fmt(honestChange, 2)} points`);
} else {
  const seed = arg('seed') ?? 2026;
  const rows = runSeed(seed);
  console.log(`Seed ${seed}`);
  console.log('| attack | attackers gain (points) | gain without collusion factors | Kendall tau (honest order) | goals met |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of goalsFirst(rows)) {
    console.log(`| ${r.attack} | ${fmt(r.gain)} | ${fmt(r.gainOld)} | ${fmt(r.tau, 3)} | ${verdict(r.outsideGoals, r.gain, r.tau)} |`);
  }
  console.log(`\nHonest members' score, collusion factors minus without, mean: ${fmt(rows[0]!.honestChange, 2)} points`);
}
