import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { RULE_VERSION } from '../../server/ledger/append.js';
import { type ChainedFields, chainHash, GENESIS_HASH } from '../../server/ledger/chain.js';

/**
 * Bulk-seeds one group's trust ledger for benchmarks: referral stories between random members
 * (the advance, usually a client's feedback with the giver's referrer-accuracy twin, sometimes
 * business won, a missed deadline or a reversal), spread over three years, chained exactly as
 * `appendTrustEvents` chains them and inserted set-based in batches, so `verifyLedger` passes.
 */
export const INSERT_BATCH = 5_000;

const SPAN_DAYS = 3 * 365;
const DAY_MS = 86_400_000;

type Member = { id: string; trade: string };
/** An event before the chain numbers and hashes it. */
export type EventDraft = Omit<ChainedFields, 'groupId' | 'seq' | 'ruleVersion'> & { id: string };
type Draft = EventDraft;

/** A small deterministic generator, so every run seeds the same ledger shape. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const BLANK_EVENT = { topic: null, referralId: null, clientId: null, giverId: null, rating: null, neverContacted: null, valueCents: null, reversesId: null };

/** Stories until `total` events, then the newest ones cut off (a cut never orphans a reversal: it comes later). */
function draftEvents(members: Member[], total: number, now: Date): Draft[] {
  const next = random(42);
  const pick = () => members[Math.floor(next() * members.length)]!;
  const drafts: Draft[] = [];
  const start = now.getTime() - SPAN_DAYS * DAY_MS;
  while (drafts.length < total * 1.02) {
    const receiver = pick();
    let giver = pick();
    while (giver.id === receiver.id) giver = pick();
    const at = start + next() * (SPAN_DAYS - 20) * DAY_MS;
    const story = { topic: receiver.trade.toLowerCase(), referralId: randomUUID(), clientId: randomUUID() };
    const event = (fields: Partial<Draft> & Pick<Draft, 'kind' | 'memberId' | 'occurredAt'>): Draft => ({ ...BLANK_EVENT, ...story, id: randomUUID(), ...fields });
    drafts.push(event({ kind: 'referral_given', memberId: receiver.id, giverId: giver.id, occurredAt: new Date(at) }));
    if (next() < 0.1) drafts.push(event({ kind: 'response_overdue', memberId: receiver.id, giverId: giver.id, occurredAt: new Date(at + 3 * DAY_MS) }));
    if (next() < 0.8) {
      const neverContacted = next() < 0.05;
      const outcome = neverContacted ? { neverContacted: true } : { rating: 1 + Math.floor(next() ** 0.5 * 5) };
      const when = new Date(at + (5 + next() * 10) * DAY_MS);
      const feedback = event({ kind: 'feedback', memberId: receiver.id, giverId: giver.id, occurredAt: when, ...outcome });
      drafts.push(feedback, event({ kind: 'referrer_feedback', memberId: giver.id, occurredAt: when, ...outcome }));
      if (next() < 0.02) {
        drafts.push({ ...BLANK_EVENT, id: randomUUID(), kind: 'reversal', memberId: receiver.id, reversesId: feedback.id, occurredAt: new Date(when.getTime() + DAY_MS) });
      }
    }
    if (next() < 0.25) {
      drafts.push(event({ kind: 'business_closed', memberId: receiver.id, giverId: giver.id, valueCents: 50_000 + Math.floor(next() * 500_000), occurredAt: new Date(at + 18 * DAY_MS) }));
    }
  }
  drafts.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return drafts.slice(0, total);
}

const INSERT_SQL = `
  insert into trust_events (id, group_id, seq, kind, member_id, topic, referral_id, client_id, giver_id, rating,
    never_contacted, value_cents, reverses_id, rule_version, occurred_at, prev_hash, hash)
  select id, group_id, seq, kind, member_id, topic, referral_id, client_id, giver_id, rating,
    never_contacted, value_cents, reverses_id, rule_version, occurred_at, prev_hash, hash
  from jsonb_to_recordset($1::jsonb) as x(id uuid, group_id uuid, seq int, kind text, member_id uuid, topic text,
    referral_id uuid, client_id uuid, giver_id uuid, rating int, never_contacted boolean, value_cents int,
    reverses_id uuid, rule_version int, occurred_at timestamptz, prev_hash text, hash text)`;

/**
 * Numbers, hashes and inserts one group's drafts as its chain from the first row, in batches of
 * INSERT_BATCH (raw rows: the bench seeds far faster than appendTrustEvents, and verifies the same).
 */
export async function insertChain(database: Database, groupId: string, drafts: readonly EventDraft[]) {
  let prevHash = GENESIS_HASH;
  for (let from = 0; from < drafts.length; from += INSERT_BATCH) {
    const batch = drafts.slice(from, from + INSERT_BATCH).map(({ id, ...event }, i) => {
      const fields: ChainedFields = { ...event, groupId, seq: from + i + 1, ruleVersion: RULE_VERSION };
      const hash = chainHash(prevHash, fields);
      const row = {
        id,
        group_id: groupId,
        seq: fields.seq,
        kind: fields.kind,
        member_id: fields.memberId,
        topic: fields.topic,
        referral_id: fields.referralId,
        client_id: fields.clientId,
        giver_id: fields.giverId,
        rating: fields.rating,
        never_contacted: fields.neverContacted,
        value_cents: fields.valueCents,
        reverses_id: fields.reversesId,
        rule_version: fields.ruleVersion,
        occurred_at: fields.occurredAt.toISOString(),
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    await database.query(INSERT_SQL, [JSON.stringify(batch)]);
  }
}

/** Seeds `total` chained events for the group's members; returns how many each member got at most. */
export async function seedLedger(database: Database, groupId: string, total: number, now = new Date()) {
  const members = await database.query<Member>(
    `select m.id, coalesce(min(t.name), 'Allgemein') as trade from members m
     left join member_trades mt on mt.member_id = m.id left join trades t on t.id = mt.trade_id
     where m.group_id = $1 group by m.id order by m.id`,
    [groupId],
  );
  const drafts = draftEvents(members, total, now);
  await insertChain(database, groupId, drafts);
  // Fresh tables have no statistics yet; without them the planner guesses joins badly.
  await database.query('analyze');
  const perMember = new Map<string, number>();
  for (const d of drafts) perMember.set(d.memberId, (perMember.get(d.memberId) ?? 0) + 1);
  const counts = [...perMember.values()];
  return { events: drafts.length, members: members.length, minPerMember: Math.min(...counts), maxPerMember: Math.max(...counts) };
}
