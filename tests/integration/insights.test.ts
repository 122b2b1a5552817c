import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustCorrections } from '../../db/schema.js';
import { appendTrustEvents } from '../../server/ledger/append.js';
import { type Browser, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { giveReferral, giveTrade, freshBrowser, PASSWORD, referralForm, seedGroup, seedMember } from '../helpers/world/index.js';

/**
 * "Was bringt mir das?" and group health on a fixture whose every figure is computed by hand in
 * the comments below. The clock stands at Monday 23 November 2026, 10:00 in Berlin, so the
 * period is December 2025 … November 2026, starting at 2025-11-30T23:00Z (midnight in Berlin).
 */
const NOW = new Date('2026-11-23T09:00:00Z');

let t: TestApp;
let ids: {
  groupA: string;
  anna: string;
  ben: string;
  carla: string;
  dirk: string;
  erik: string;
  hanna: string;
};
const browsers = {} as Record<'anna' | 'hanna' | 'olga' | 'ben', Browser>;
/** Everything about clients the fixture wrote: none of it may appear in any insight. */
const clientData: string[] = [];
let clientCounter = 0;

async function insertReferral(r: {
  group: string;
  giver: string;
  receiver: string;
  createdAt: string;
  status?: string;
  contactedAt?: string;
  wonAt?: string;
  valueCents?: number;
  dueAt?: string;
  overdueAt?: string;
  feedbackAt?: string;
}) {
  const n = ++clientCounter;
  const secret = { name: `Klara Vertraulich ${n}`, email: `klara.vertraulich.${n}@example.org`, phone: `+49 171 99900${n}`.slice(0, 16) };
  const need = `Geheimer Bedarf Nummer ${n}: Steuererklärung der Bäckerei`;
  clientData.push(secret.name, secret.email, secret.phone, need);
  const [client] = await t.database.query<{ id: string }>('insert into clients (group_id, key_hash) values ($1, $2) returning id', [
    r.group,
    randomBytes(16).toString('hex'),
  ]);
  const due = r.dueAt ?? new Date(new Date(r.createdAt).getTime() + 2 * 86_400_000).toISOString();
  const [row] = await t.database.query<{ id: string }>(
    `insert into referrals (group_id, giver_id, receiver_id, client_id, topic, need, warmth, client_name, client_email, client_phone,
       status, contacted_at, won_at, value_cents, due_at, overdue_at, created_at)
     values ($1, $2, $3, $4, 'Steuerberatung', $5, 4, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
    [
      r.group,
      r.giver,
      r.receiver,
      client!.id,
      need,
      secret.name,
      secret.email,
      secret.phone,
      r.status ?? (r.contactedAt ? 'contacted' : 'open'),
      r.contactedAt ?? null,
      r.wonAt ?? null,
      r.valueCents ?? null,
      due,
      r.overdueAt ?? null,
      r.createdAt,
    ],
  );
  if (r.feedbackAt) {
    const comment = `Geheimer Kommentar ${n}`;
    clientData.push(comment);
    await t.database.query(
      `insert into feedback (referral_id, contacted, contact_speed, rating, would_recommend, comment, created_at)
       values ($1, true, 'same_day', 5, true, $2, $3)`,
      [row!.id, comment, r.feedbackAt],
    );
  }
  return row!.id;
}

async function insertBreakfast(group: string, createdBy: string, startsAt: string, minutes: number, present: Record<string, boolean>, guests = 0) {
  const [b] = await t.database.query<{ id: string }>(
    `insert into breakfasts (group_id, starts_at, duration_minutes, guest_token_hash, created_by) values ($1, $2, $3, $4, $5) returning id`,
    [group, startsAt, minutes, randomBytes(16).toString('hex'), createdBy],
  );
  for (const [memberId, isPresent] of Object.entries(present)) {
    await t.database.query(`insert into breakfast_attendance (breakfast_id, attendee_id, kind, present) values ($1, $2, 'member', $3)`, [
      b!.id,
      memberId,
      isPresent,
    ]);
  }
  for (let i = 0; i < guests; i++) {
    const [guest] = await t.database.query<{ id: string }>(
      `insert into breakfast_guests (breakfast_id, name, trade, access_token_hash) values ($1, 'Gerd Gast', 'Catering', $2) returning id`,
      [b!.id, randomBytes(16).toString('hex')],
    );
    await t.database.query(`insert into breakfast_attendance (breakfast_id, attendee_id, kind, present) values ($1, $2, 'guest', true)`, [b!.id, guest!.id]);
  }
}

async function insertOneToOne(group: string, requester: string, partner: string, status: string, metOn: string, minutes: number) {
  await t.database.query(
    `insert into one_to_ones (group_id, requester_id, partner_id, status, logged_by, met_on, duration_minutes, requester_note)
     values ($1, $2, $3, $4, $2, $5, $6, 'Privatnotiz über Kaffee')`,
    [group, requester, partner, status, metOn, minutes],
  );
}

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true }, NOW);
  const db = t.app.db;
  const a = await seedGroup(db, { name: 'Kreis Nord' });
  const anna = await seedMember(db, a.group.id, 'Anna Aktiv');
  const ben = await seedMember(db, a.group.id, 'Ben Berater');
  const carla = await seedMember(db, a.group.id, 'Carla Coach');
  const dirk = await seedMember(db, a.group.id, 'Dirk Dauergeber');
  const erik = await seedMember(db, a.group.id, 'Erik Empfänger');
  ids = {
    groupA: a.group.id,
    anna: anna.member.id,
    ben: ben.member.id,
    carla: carla.member.id,
    dirk: dirk.member.id,
    erik: erik.member.id,
    hanna: a.host.member.id,
  };
  const g = a.group.id;

  // Given by Anna.
  // G1 → Ben: first contact after 4 h, won 1,500 € on 20 Oct, confirmed by the client on 25 Oct.
  await insertReferral({ group: g, giver: ids.anna, receiver: ids.ben, createdAt: '2026-10-05T08:00:00Z', contactedAt: '2026-10-05T12:00:00Z', status: 'won', wonAt: '2026-10-20T10:00:00Z', valueCents: 150_000, feedbackAt: '2026-10-25T10:00:00Z' });
  // G2 → Carla: first contact after 48 h.
  await insertReferral({ group: g, giver: ids.anna, receiver: ids.carla, createdAt: '2026-11-02T08:00:00Z', contactedAt: '2026-11-04T08:00:00Z' });
  // G3 → Ben: still open, due 12 Nov: overdue now (not yet marked by the deadline job).
  await insertReferral({ group: g, giver: ids.anna, receiver: ids.ben, createdAt: '2026-11-10T08:00:00Z', dueAt: '2026-11-12T08:00:00Z' });
  // G_old → Ben: given before the period, but won (500 €) on 10 Dec 2025, inside it.
  await insertReferral({ group: g, giver: ids.anna, receiver: ids.ben, createdAt: '2025-10-15T08:00:00Z', contactedAt: '2025-10-15T09:00:00Z', status: 'won', wonAt: '2025-12-10T10:00:00Z', valueCents: 50_000 });

  // Received by Anna.
  // R1 from Ben: first contact after 1 h, won 3,000 € on 15 Sep, confirmed 20 Sep.
  await insertReferral({ group: g, giver: ids.ben, receiver: ids.anna, createdAt: '2026-09-01T08:00:00Z', contactedAt: '2026-09-01T09:00:00Z', status: 'won', wonAt: '2026-09-15T10:00:00Z', valueCents: 300_000, feedbackAt: '2026-09-20T10:00:00Z' });
  // R2 from Carla: first contact after 3 h, at the meeting stage, confirmed 5 Nov — but a host
  // reversed that feedback's trust event (not genuine), so it is no confirmed outcome any more.
  const r2 = await insertReferral({ group: g, giver: ids.carla, receiver: ids.anna, createdAt: '2026-11-03T08:00:00Z', contactedAt: '2026-11-03T11:00:00Z', status: 'meeting', feedbackAt: '2026-11-05T10:00:00Z' });
  await db.transaction(async (tx) => {
    const [event] = await appendTrustEvents(tx, g, [
      { kind: 'feedback', memberId: ids.anna, giverId: ids.carla, referralId: r2, topic: 'Steuerberatung', rating: 5, occurredAt: new Date('2026-11-05T10:00:00Z') },
    ]);
    const [reversal] = await appendTrustEvents(tx, g, [
      { kind: 'reversal', memberId: ids.anna, topic: 'Steuerberatung', reversesId: event!.id, occurredAt: new Date('2026-11-06T10:00:00Z') },
    ]);
    await tx.insert(trustCorrections).values({ reversalEventId: reversal!.id, reversedBy: ids.hanna, reason: 'not_genuine' });
  });
  // R3 from Dirk: open, due tomorrow: not overdue.
  await insertReferral({ group: g, giver: ids.dirk, receiver: ids.anna, createdAt: '2026-11-20T08:00:00Z', dueAt: '2026-11-24T08:00:00Z' });
  // R_edge from Ben: 00:30 on 1 Dec 2025 in Berlin (23:30 UTC the day before): inside, in December. Contact after 6 h, lost.
  await insertReferral({ group: g, giver: ids.ben, receiver: ids.anna, createdAt: '2025-11-30T23:30:00Z', contactedAt: '2025-12-01T05:30:00Z', status: 'lost' });
  // R_out from Ben: 23:30 on 30 Nov 2025 in Berlin: outside the period; confirmed on 5 Dec 2025, inside it.
  await insertReferral({ group: g, giver: ids.ben, receiver: ids.anna, createdAt: '2025-11-30T22:30:00Z', contactedAt: '2025-11-30T23:00:00Z', feedbackAt: '2025-12-05T10:00:00Z' });

  // Dirk gives Erik three; Erik never gives. One of them went overdue on 3 Nov (marked by the job).
  await insertReferral({ group: g, giver: ids.dirk, receiver: ids.erik, createdAt: '2026-11-01T08:00:00Z', dueAt: '2026-11-03T08:00:00Z', overdueAt: '2026-11-03T08:05:00Z' });
  await insertReferral({ group: g, giver: ids.dirk, receiver: ids.erik, createdAt: '2026-11-06T08:00:00Z', contactedAt: '2026-11-06T09:00:00Z' });
  await insertReferral({ group: g, giver: ids.dirk, receiver: ids.erik, createdAt: '2026-11-16T08:00:00Z', contactedAt: '2026-11-16T10:00:00Z' });

  // Breakfasts: Anna attends B1 (90 min) and B2 (120 min); at B3 she was marked absent; B0 is before the period.
  await insertBreakfast(g, ids.hanna, '2026-10-07T06:00:00Z', 90, { [ids.anna]: true, [ids.ben]: true }, 1);
  await insertBreakfast(g, ids.hanna, '2026-11-04T06:00:00Z', 120, { [ids.anna]: true, [ids.ben]: true, [ids.carla]: true });
  await insertBreakfast(g, ids.hanna, '2026-11-18T06:00:00Z', 90, { [ids.anna]: false, [ids.ben]: true });
  await insertBreakfast(g, ids.hanna, '2025-11-05T06:00:00Z', 90, { [ids.anna]: true });

  // One-to-ones: two confirmed in the period (60 + 30 min); one only logged; one confirmed before the period.
  await insertOneToOne(g, ids.anna, ids.ben, 'confirmed', '2026-10-12', 60);
  await insertOneToOne(g, ids.carla, ids.anna, 'confirmed', '2026-11-15', 30);
  await insertOneToOne(g, ids.anna, ids.dirk, 'logged', '2026-11-19', 45);
  await insertOneToOne(g, ids.anna, ids.carla, 'confirmed', '2025-11-20', 60);

  // Another group with figures of its own.
  const b = await seedGroup(db, { name: 'Kreis Süd' });
  const otto = await seedMember(db, b.group.id, 'Otto Fremdgruppe');
  await insertReferral({ group: b.group.id, giver: otto.member.id, receiver: b.host.member.id, createdAt: '2026-11-11T08:00:00Z', contactedAt: '2026-11-11T08:30:00Z', status: 'won', wonAt: '2026-11-12T08:00:00Z', valueCents: 777_700, feedbackAt: '2026-11-13T08:00:00Z' });

  browsers.anna = freshBrowser(t.app);
  browsers.hanna = freshBrowser(t.app);
  browsers.olga = freshBrowser(t.app);
  browsers.ben = freshBrowser(t.app);
  await browsers.anna.login(anna.email, PASSWORD);
  await browsers.hanna.login(a.host.email, PASSWORD);
  await browsers.olga.login(b.host.email, PASSWORD);
  await browsers.ben.login(ben.email, PASSWORD);
  await giveTrade(t.database, g, ids.carla, 'Coaching');
});

afterAll(async () => {
  await t?.close();
});

/** The text of one figure card on the dashboard. */
function figure(html: string, id: string): string {
  const match = new RegExp(`<li class="card insights-figure" id="${id}">([\\s\\S]*?)</li>`).exec(html);
  if (!match) throw new Error(`no figure ${id}`);
  return visibleText(match[1]!);
}

describe('the member dashboard', () => {
  it('shows the hand-computed figures of the last twelve months', async () => {
    const page = await browsers.anna.get('/insights');
    expect(page.statusCode).toBe(200);
    const html = page.body;
    // 90 + 120 min of breakfasts, 60 + 30 min of one-to-ones = 300 min = 5 h.
    expect(figure(html, 'figure-time')).toContain('5 Std.');
    expect(figure(html, 'figure-time')).toContain('Frühstücke: 2 (3,5 Std.)');
    expect(figure(html, 'figure-time')).toContain('Einzelgespräche: 2 (1,5 Std.)');
    // Given: G1, G2, G3. Received: R1, R2, R3, R_edge (R_out is outside).
    expect(figure(html, 'figure-referrals')).toBe('Empfehlungen 3 gegeben · 4 erhalten');
    // Confirmed in the period: R1 and R_out received (R2's feedback was reversed); G1 given.
    expect(figure(html, 'figure-confirmed')).toContain('Bestätigte Ergebnisse 2');
    // Of the 4 received in the period (R1, R2, R3, R_edge) only R1 is confirmed: R_out was received before.
    expect(figure(html, 'figure-confirmed')).toContain('1 deiner 4 im Zeitraum erhaltenen Empfehlungen haben Kundinnen und Kunden bestätigt.');
    expect(figure(html, 'figure-confirmed')).toContain('Von dir gegeben und von Kundinnen und Kunden bestätigt: 1');
    // Business: R1 3,000 € for Anna; G1 1,500 € + G_old 500 € (won in the period) for colleagues.
    expect(figure(html, 'figure-business')).toContain(`3.000,00 €`);
    expect(figure(html, 'figure-business')).toContain('Gewonnene Aufträge aus Empfehlungen: 1');
    expect(figure(html, 'figure-business')).toContain(`2.000,00 €`);
    expect(figure(html, 'figure-business')).toContain('durch deine Empfehlungen gewonnen haben: 2');
    // 3,000 € in 5 h.
    expect(figure(html, 'figure-per-hour')).toContain(`600,00 €`);
    // As receiver: 1 h, 3 h, 6 h contacted, R3 not yet → median 3 h, 3 of 4.
    // As giver: 4 h and 48 h contacted, G3 not yet → median 26 h, 2 of 3.
    const response = figure(html, 'figure-response');
    expect(response).toMatch(/Deine Zeit bis zum Erstkontakt Median 3 Std\. 3 von 4 Empfehlungen kontaktiert/);
    expect(response).toMatch(/Kundinnen und Kunden Median 26 Std\. 2 von 3 Empfehlungen kontaktiert/);
    // 3 given, 4 received: one apart.
    expect(visibleText(html)).toContain('Ausgeglichen: 3 gegeben, 4 erhalten.');
    expect(visibleText(html)).toContain('Dezember 2025 bis November 2026');
  });

  it('draws three accessible charts whose tables hold the monthly values', async () => {
    const html = (await browsers.anna.get('/insights')).body;
    expect(html.match(/<svg [^>]*role="img" aria-labelledby="chart-[a-z]+-title chart-[a-z]+-desc"/g)).toHaveLength(3);
    const text = visibleText(html);
    // Given vs received: Dec 2025 R_edge; Sep R1; Oct G1; Nov G2, G3 and R2, R3.
    expect(text).toContain('Dezember 2025 0 1');
    expect(text).toContain('September 2026 0 1');
    expect(text).toContain('Oktober 2026 1 0');
    expect(text).toContain('November 2026 2 2');
    expect(text).toContain('Januar 2026 0 0');
    // Hours per month: Oct 90 + 60 min, Nov 120 + 30 min.
    expect(text).toMatch(/Investierte Stunden pro Monat Monat Stunden Dezember 2025 0 .*Oktober 2026 2,5 November 2026 2,5/);
    // Confirmed outcomes per month (by the feedback's date): Dec 2025 1 (R_out), Sep 1 (R1), Nov 0 (R2 reversed).
    expect(text).toMatch(/Bestätigte Ergebnisse pro Monat Monat Anzahl Dezember 2025 1 .*September 2026 1 Oktober 2026 0 November 2026 0/);
    expect(html).toContain('class="insights-chart__bars insights-chart__bars--given"');
  });

  it('links to the one-to-ones and is in the navigation', async () => {
    const html = (await browsers.anna.get('/insights')).body;
    expect(html).toContain('href="/one-to-ones"');
    expect(html).toMatch(/<a href="\/insights" aria-current="page">Was bringt&#x27;s\?<\/a>|<a href="\/insights" aria-current="page">Was bringt's\?<\/a>/);
    expect(html).toMatch(/href="\/assets\/[0-9a-f]{12}\/css\/insights\.css"/);
  });

  it('speaks English to an English group', async () => {
    const html = (await browsers.anna.get('/insights?lang=en')).body;
    expect(visibleText(html)).toContain('What\'s in it for me?');
    expect(visibleText(html)).toContain('Balanced: 3 given, 4 received.');
    expect(figure(html, 'figure-per-hour')).toContain('€600.00');
    expect(figure(html, 'figure-confirmed')).toContain('Clients confirmed 1 of the 4 referrals you received in the period.');
    const back = await browsers.anna.get('/insights?lang=de');
    expect(back.statusCode).toBe(200);
    expect(visibleText(back.body)).toContain('Ausgeglichen: 3 gegeben, 4 erhalten.');
  });

  it('shows another group’s member only their own figures', async () => {
    const text = visibleText((await browsers.olga.get('/insights')).body);
    expect(text).toContain('Empfehlungen 0 gegeben · 1 erhalten');
    expect(text).toContain(`7.777,00 €`);
    expect(text).not.toContain('3.000,00');
    expect(text).not.toContain('Anna Aktiv');
  });

  it('sends visitors without a session to the log-in', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/insights' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Finsights');
  });
});

describe('group health for hosts', () => {
  it('is linked from the host page and refused to members', async () => {
    expect((await browsers.hanna.get('/host')).body).toContain('href="/host/health"');
    expect((await browsers.anna.get('/host/health')).statusCode).toBe(403);
    expect((await browsers.anna.get('/host/health.csv')).statusCode).toBe(403);
  });

  it('shows give and take per member and flags who only gives and who only takes', async () => {
    const html = (await browsers.hanna.get('/host/health')).body;
    expect(html).toContain('Auffällig: 2');
    const row = (name: string) => {
      const match = new RegExp(`<tr class="[^"]*" data-balance="([a-z_]+)">\\s*<th scope="row"><a href="/m/[^"]+">${name}</a>[\\s\\S]*?</tr>`).exec(html);
      if (!match) throw new Error(`no row for ${name}`);
      return { kind: match[1], text: visibleText(match[0]), flagged: match[0].includes('insights-row--flagged') };
    };
    // name, given, received, confirmed, overdue, label. Anna's confirmed: R1 and R_out (by the feedback's date), not the reversed R2.
    expect(row('Anna Aktiv')).toEqual({ kind: 'balanced', text: 'Anna Aktiv 3 4 2 0 ausgeglichen', flagged: false });
    expect(row('Ben Berater')).toEqual({ kind: 'balanced', text: 'Ben Berater 2 2 1 1 ausgeglichen', flagged: false });
    expect(row('Dirk Dauergeber')).toEqual({ kind: 'gives_only', text: 'Dirk Dauergeber 4 0 0 0 gibt nur', flagged: true });
    expect(row('Erik Empfänger')).toEqual({ kind: 'takes_only', text: 'Erik Empfänger 0 3 0 1 nimmt nur', flagged: true });
    expect(row('Hanna Host \\d+').kind).toBe('none');
  });

  it('lists members with overdue referrals right now', async () => {
    const html = (await browsers.hanna.get('/host/health')).body;
    const section = visibleText(/<section class="card" aria-labelledby="h-overdue"[\s\S]*?<\/section>/.exec(html)![0]);
    // G3 (due 12 Nov, still open) for Ben; Dirk's first to Erik (due 3 Nov, marked overdue).
    expect(section).toContain('Ben Berater · 1 offen über die Frist, die älteste seit 12. November 2026');
    expect(section).toContain('Erik Empfänger · 1 offen über die Frist, die älteste seit 3. November 2026');
    expect(section).not.toContain('Anna Aktiv'); // R3 is due tomorrow
  });

  it('draws who refers whom with names and edge widths by count, and lists every edge as text', async () => {
    const html = (await browsers.hanna.get('/host/health')).body;
    const svg = /<svg [^>]*class="insights-network"[\s\S]*?<\/svg>/.exec(html)![0];
    for (const name of ['Anna Aktiv', 'Ben Berater', 'Carla Coach', 'Dirk Dauergeber', 'Erik Empfänger']) expect(svg).toContain(`>${name}</text>`);
    // Dirk → Erik 3 (the widest, 8), Anna → Ben 2 and Ben → Anna 2 (1.5 + 6.5 / 2), the rest 1 (1.5).
    const widths = [...svg.matchAll(/stroke-width="([\d.]+)" marker-end="url\(#network-arrow\)" data-count="(\d+)"/g)].map((m) => `${m[2]}:${m[1]}`);
    expect(widths.sort()).toEqual(['1:1.5', '1:1.5', '1:1.5', '2:4.8', '2:4.8', '3:8']);
    const edges = visibleText(/<ul class="insights-edges"[\s\S]*?<\/ul>/.exec(html)![0]);
    expect(edges).toBe(
      'Dirk Dauergeber → Erik Empfänger: 3 Anna Aktiv → Ben Berater: 2 Ben Berater → Anna Aktiv: 2 ' +
        'Anna Aktiv → Carla Coach: 1 Carla Coach → Anna Aktiv: 1 Dirk Dauergeber → Anna Aktiv: 1',
    );
  });

  it('shows referrals and outcomes per month and attendance per breakfast', async () => {
    const text = visibleText((await browsers.hanna.get('/host/health')).body);
    // Nov: G2, G3, R2, R3, three to Erik = 7; R2's confirmation reversed. Oct: G1, confirmed G1, won 1,500 €.
    // Dec 2025: R_edge; R_out confirmed; G_old won 500 €.
    expect(text).toContain(`November 2026 7 0 0 0,00 €`);
    expect(text).toContain(`Oktober 2026 1 1 1 1.500,00 €`);
    expect(text).toContain(`Dezember 2025 1 1 1 500,00 €`);
    // B1: Anna, Ben + a guest; B2: Anna, Ben, Carla; B3: Ben (Anna absent). B0 is before the period.
    expect(text).toContain('Frühstück Mitglieder Gäste 7. Oktober 2026 2 1 4. November 2026 3 0 18. November 2026 1 0');
    expect(text).not.toContain('5. November 2025');
  });

  it('never shows another group’s figures or any client data', async () => {
    const oursPage = await browsers.hanna.get('/host/health');
    expect(oursPage.statusCode).toBe(200);
    const ours = oursPage.body;
    for (const name of ['Anna Aktiv', 'Ben Berater', 'Dirk Dauergeber']) expect(ours).toContain(name);
    expect(ours).not.toContain('Otto Fremdgruppe');
    expect(ours).not.toContain('7.777');
    const theirsPage = await browsers.olga.get('/host/health');
    expect(theirsPage.statusCode).toBe(200);
    const theirs = theirsPage.body;
    expect(theirs).toContain('Otto Fremdgruppe');
    for (const name of ['Anna Aktiv', 'Ben Berater', 'Dirk Dauergeber']) expect(theirs).not.toContain(name);
    for (const secret of clientData) {
      expect(ours).not.toContain(secret);
      expect(theirs).not.toContain(secret);
    }
  });
});

describe('the statistics export', () => {
  it('has one row per member and month, the right numbers, and no client data', async () => {
    const response = await browsers.hanna.get('/host/health.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(response.headers['content-disposition'])).toMatch(/^attachment; filename="kreis-.+-statistik-2026-11-23\.csv"$/);
    const lines = response.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Mitglied;Monat;Empfehlungen gegeben;Empfehlungen erhalten;Bestätigte Ergebnisse;Gewonnen (Anzahl);Gewonnen (Wert in €);Überfällig');
    expect(lines.slice(1)).toEqual([
      'Anna Aktiv;2025-12;0;1;1;0;0;0',
      'Ben Berater;2025-12;1;0;0;1;500;0',
      'Anna Aktiv;2026-09;0;1;1;1;3000;0',
      'Ben Berater;2026-09;1;0;0;0;0;0',
      'Anna Aktiv;2026-10;1;0;0;0;0;0',
      'Ben Berater;2026-10;0;1;1;1;1500;0',
      'Anna Aktiv;2026-11;2;2;0;0;0;0',
      'Ben Berater;2026-11;0;1;0;0;0;1',
      'Carla Coach;2026-11;1;1;0;0;0;0',
      'Dirk Dauergeber;2026-11;4;0;0;0;0;0',
      'Erik Empfänger;2026-11;0;3;0;0;0;1',
    ]);
    for (const secret of [...clientData, 'Privatnotiz', 'Steuerberatung', 'klara', '@']) expect(response.body).not.toContain(secret);
  });

  it('gives another group’s host only that group’s rows', async () => {
    const response = await browsers.olga.get('/host/health.csv');
    expect(response.statusCode).toBe(200);
    const body = response.body;
    const lines = body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^Hanna Host \d+;2026-11;0;1;1;1;7777;0$/), 'Otto Fremdgruppe;2026-11;1;0;0;0;0;0']);
  });
});

describe('live figures', () => {
  it('counts a referral given a moment ago', async () => {
    const given = await giveReferral(browsers.anna, referralForm(ids.carla, { topic: 'Coaching' }));
    expect(given.id).toMatch(/^[0-9a-f-]{36}$/);
    const html = (await browsers.anna.get('/insights')).body;
    expect(figure(html, 'figure-referrals')).toBe('Empfehlungen 4 gegeben · 4 erhalten');
    expect(visibleText(html)).toContain('November 2026 3 2');
  });
});
