import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { DEMO_MEMBERS } from '../demo-data.js';
import { BLANK_EVENT, type EventDraft, insertChain } from './seed-ledger.js';

/**
 * Seeds many groups for the directory benchmark: German trades, offers and Warum texts, and per
 * group a trust ledger of referral stories (advance, feedback with the giver's referrer-accuracy
 * twin, business won, missed deadlines, reversals), chained exactly as `appendTrustEvents` chains
 * them (so `ledger:verify` passes) and inserted one group per statement. Referrals rows with a
 * first-contact time are derived set-based from the advances.
 */
export const DIRECTORY_BENCH_PASSWORD = 'benchmark passwort 1';

export const TRADES = [
  'Steuerberatung', 'Webdesign', 'Fotografie', 'Arbeitsrecht', 'Versicherungsmakler', 'Elektroinstallation', 'Physiotherapie',
  'Immobilienmakler', 'Catering', 'IT-Service', 'Druckerei', 'Unternehmensberatung', 'Grafikdesign', 'Texterstellung', 'Übersetzung',
  'Buchhaltung', 'Coaching', 'Eventplanung', 'Videoproduktion', 'Social-Media-Marketing', 'Suchmaschinenoptimierung', 'Malerbetrieb',
  'Sanitär und Heizung', 'Tischlerei', 'Dachdeckerei', 'Gartenbau', 'Reinigungsservice', 'Umzugsservice', 'Autowerkstatt',
  'Finanzberatung', 'Notariat', 'Architektur', 'Innenarchitektur', 'Personalvermittlung', 'Hausverwaltung', 'Energieberatung',
  'Datenschutzberatung', 'Werbetechnik', 'Floristik', 'Friseur', 'Kosmetik', 'Zahnarztpraxis', 'Ernährungsberatung',
  'Firmenfitness', 'Musikunterricht', 'Hochzeitsplanung', 'Schlüsseldienst', 'Fahrschule', 'Bäckerei', 'Onlineshop-Entwicklung',
];

const DETAILS: Record<string, string> = {
  Steuerberatung: 'Jahresabschluss, Umsatzsteuer im EU-Versand, Existenzgründungsberatung.',
  Webdesign: 'Websites und Onlineshops, Barrierefreiheit, Pflegeverträge für Ihre Website.',
  Fotografie: 'Hochzeiten, Business-Porträts, Teamfotos und Reportagen aus dem Betrieb.',
  'Onlineshop-Entwicklung': 'Shopify und WooCommerce, Schnittstellen zur Warenwirtschaft, schnelle Produktseiten.',
  Buchhaltung: 'Laufende Buchhaltung, Lohnabrechnung, vorbereitende Buchführung für die Steuerberatung.',
};
const AUDIENCES = ['Onlinehändler', 'Handwerksbetriebe', 'Arztpraxen', 'Gründerinnen und Gründer', 'Familienunternehmen', 'Cafés und Restaurants'];
const REGIONS = ['Innenstadt', 'Nord', 'Süd', 'Umland'];

const SPAN_DAYS = 3 * 365;
const DAY_MS = 86_400_000;

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

type Draft = EventDraft;

/** One group's stories until `total` events, oldest first. */
function groupEvents(members: { id: string; trade: string }[], total: number, now: number, next: () => number): Draft[] {
  const pick = () => members[Math.floor(next() * members.length)]!;
  const drafts: Draft[] = [];
  const start = now - SPAN_DAYS * DAY_MS;
  // A few members of each group are far better (or worse) than the rest: something to rank.
  const quality = new Map(members.map((m) => [m.id, 0.3 + next() * 0.7]));
  while (drafts.length < total) {
    const receiver = pick();
    let giver = pick();
    while (giver.id === receiver.id) giver = pick();
    const at = start + next() * (SPAN_DAYS - 20) * DAY_MS;
    const story = { topic: receiver.trade.toLowerCase(), referralId: randomUUID(), clientId: randomUUID() };
    const event = (fields: Partial<Draft> & Pick<Draft, 'kind' | 'memberId' | 'occurredAt'>): Draft => ({ ...BLANK_EVENT, ...story, id: randomUUID(), ...fields });
    drafts.push(event({ kind: 'referral_given', memberId: receiver.id, giverId: giver.id, occurredAt: new Date(at) }));
    if (next() < 0.1) drafts.push(event({ kind: 'response_overdue', memberId: receiver.id, giverId: giver.id, occurredAt: new Date(at + 3 * DAY_MS) }));
    if (next() < 0.8) {
      const neverContacted = next() < 0.04;
      const rating = Math.max(1, Math.min(5, Math.round(1 + 4 * quality.get(receiver.id)! + (next() - 0.5) * 2)));
      const outcome = neverContacted ? { neverContacted: true } : { rating };
      const when = new Date(at + (5 + next() * 10) * DAY_MS);
      const feedback = event({ kind: 'feedback', memberId: receiver.id, giverId: giver.id, occurredAt: when, ...outcome });
      drafts.push(feedback, event({ kind: 'referrer_feedback', memberId: giver.id, occurredAt: when, ...outcome }));
      if (next() < 0.02) drafts.push({ ...BLANK_EVENT, id: randomUUID(), kind: 'reversal', memberId: receiver.id, reversesId: feedback.id, occurredAt: new Date(when.getTime() + DAY_MS) });
    }
    if (next() < 0.25) {
      drafts.push(event({ kind: 'business_closed', memberId: receiver.id, giverId: giver.id, valueCents: 50_000 + Math.floor(next() * 500_000), occurredAt: new Date(at + 18 * DAY_MS) }));
    }
  }
  drafts.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return drafts.slice(0, total);
}

export type DirectorySeed = { groups: number; members: number; events: number; referrals: number; loginEmail: string; groupId: string };

export async function seedDirectory(database: Database, options: { groups: number; membersPerGroup: number; events: number }): Promise<DirectorySeed> {
  const { groups, membersPerGroup } = options;
  const perGroup = Math.floor(options.events / groups);
  const passwordHash = await hashPassword(DIRECTORY_BENCH_PASSWORD);
  const trades = TRADES.slice(0, Math.min(membersPerGroup, TRADES.length));
  const offers = trades.map((trade, i) => `${trade} für ${AUDIENCES[i % AUDIENCES.length]}. ${DETAILS[trade] ?? 'Persönlich, verlässlich und schnell erreichbar.'}`);
  const warums = DEMO_MEMBERS.map((m) => m.warum);

  await database.query(
    `insert into groups (slug, name, city, locale) select 'dir-' || n, 'Kreis ' || n, 'Stadt ' || n, 'de' from generate_series(1, $1::int) as n`,
    [groups],
  );
  await database.query(
    `insert into trades (group_id, name) select g.id, t.name from groups g cross join unnest($1::text[]) as t(name) where g.slug like 'dir-%'`,
    [trades],
  );
  await database.query(
    `insert into accounts (email, name, password_hash)
     select 'dir-' || n || '@bench.example', 'Mitglied ' || n, $2 from generate_series(1, $1::int) as n`,
    [groups * membersPerGroup, passwordHash],
  );
  // Member n belongs to group ceil(n / membersPerGroup) and practises trade (n − 1) mod trades.
  await database.query(
    `insert into members (group_id, account_id, slug, role, warum, offer, good_referral, region)
     select g.id, a.id, 'dir-m-' || x.n, case when (x.n - 1) % $1 = 0 then 'host' else 'member' end,
            ($2::text[])[1 + (x.n % array_length($2::text[], 1))],
            ($3::text[])[1 + ((x.n - 1) % $1) % array_length($3::text[], 1)],
            'Unternehmen, die Wert auf Verlässlichkeit legen.',
            ($4::text[])[1 + (x.n % array_length($4::text[], 1))]
     from accounts a
     cross join lateral (select split_part(split_part(a.email, '@', 1), '-', 2)::int as n) x
     join groups g on g.slug = 'dir-' || (1 + (x.n - 1) / $1)
     where a.email like 'dir-%@bench.example'`,
    [membersPerGroup, warums, offers, REGIONS],
  );
  await database.query(
    `insert into member_trades (member_id, trade_id, status)
     select m.id, t.id, 'active' from members m
     join trades t on t.group_id = m.group_id
       and t.name = ($1::text[])[1 + ((split_part(m.slug, 'dir-m-', 2)::int - 1) % $2) % array_length($1::text[], 1)]
     where m.slug like 'dir-m-%'`,
    [trades, membersPerGroup],
  );

  const rows = await database.query<{ group_id: string; id: string; trade: string }>(
    `select m.group_id, m.id, t.name as trade from members m
     join member_trades mt on mt.member_id = m.id join trades t on t.id = mt.trade_id
     where m.slug like 'dir-m-%' order by m.group_id, m.id`,
  );
  const byGroup = new Map<string, { id: string; trade: string }[]>();
  for (const r of rows) byGroup.set(r.group_id, [...(byGroup.get(r.group_id) ?? []), { id: r.id, trade: r.trade }]);

  const next = random(7);
  const now = Date.now();
  let events = 0;
  for (const [groupId, members] of byGroup) {
    const drafts = groupEvents(members, perGroup, now, next);
    await insertChain(database, groupId, drafts);
    events += drafts.length;
  }

  // Referral rows for the advances (one pseudonymous client per group is enough here), most of
  // them contacted within hours or days: the directory's "median time to first contact".
  await database.query(
    `insert into clients (group_id, key_hash) select id, 'bench-client' from groups where slug like 'dir-%'`,
  );
  await database.query(
    // Old open referrals are already marked overdue, or the app's deadline job would spend the
    // whole benchmark appending penalties for them.
    `insert into referrals (id, group_id, giver_id, receiver_id, client_id, topic, need, warmth, status, contacted_at, due_at, overdue_at, created_at)
     select e.referral_id, e.group_id, e.giver_id, e.member_id, c.id, e.topic, 'Benchmark', 3,
            case when h.x < 0.9 then 'contacted' else 'open' end,
            case when h.x < 0.9 then e.occurred_at + make_interval(mins => (h.x * 4000)::int) end,
            e.occurred_at + interval '2 days', e.occurred_at + interval '2 days', e.occurred_at
     from trust_events e
     join clients c on c.group_id = e.group_id and c.key_hash = 'bench-client'
     cross join lateral (select ('x' || substr(md5(e.id::text), 1, 8))::bit(32)::bigint / 4294967296.0 as x) h
     where e.kind = 'referral_given' and e.group_id in (select id from groups where slug like 'dir-%')`,
  );
  const [referrals] = await database.query<{ n: number }>(`select count(*)::int as n from referrals`);
  await database.query('analyze');
  const [first] = await database.query<{ id: string }>(`select id from groups where slug = 'dir-1'`);
  return {
    groups,
    members: rows.length,
    events,
    referrals: referrals!.n,
    // A plain member of the first group (not the host).
    loginEmail: 'dir-2@bench.example',
    groupId: first!.id,
  };
}
