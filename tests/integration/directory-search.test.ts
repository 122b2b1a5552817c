import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshMemberSearch } from '../../server/directory/projection.js';
import { appendTrustEvents, type TrustEventInput } from '../../server/ledger/append.js';
import { type Browser, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { giveTrade, logIn, profileForm, seedGroup, seedMember, tradeId } from '../helpers/world/index.js';

/**
 * The directory end to end: trust events go through the ledger's append (which refreshes the
 * aggregates), profiles through SQL plus the search refresh or through the editor, and every
 * assertion is on the page a member sees.
 */
let t: TestApp;
let searcher: Browser;
let groupId: string;
let otherBrowser: Browser;
const ids: Record<string, string> = {};
const DAY = 86_400_000;

async function member(name: string, trade: string, texts: { warum?: string; offer?: string; region?: string } = {}, group = groupId) {
  const { member: m } = await seedMember(t.app.db, group, name);
  await giveTrade(t.database, group, m.id, trade);
  await t.database.query('update members set warum = $1, offer = $2, region = $3 where id = $4', [
    texts.warum ?? `Ich bin ${name} und liebe meinen Beruf.`,
    texts.offer ?? '',
    texts.region ?? 'Musterstadt',
    m.id,
  ]);
  await refreshMemberSearch(t.app.db, [m.id]);
  ids[name] = m.id;
  return m;
}

/** `good` five-star and `bad` one-star feedbacks in `topic`, each from its own client, over the last months. */
async function outcomes(group: string, memberId: string, topic: string, good: number, bad: number) {
  const now = t.clock.now().getTime();
  const events: TrustEventInput[] = [];
  for (let i = 0; i < good + bad; i++) {
    const at = new Date(now - (i + 1) * 3 * DAY);
    events.push({ kind: 'feedback', memberId, giverId: randomUUID(), topic, clientId: randomUUID(), rating: i < good ? 5 : 1, occurredAt: at });
  }
  await t.app.db.transaction((tx) => appendTrustEvents(tx, group, events));
}

/** The member names on a result page, in order. */
const resultNames = (html: string) => [...html.matchAll(/class="directory-card__name"><a href="\/m\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);

async function search(params: Record<string, string>, browser = searcher) {
  const response = await browser.get(`/directory?${new URLSearchParams(params)}`);
  return { status: response.statusCode, html: response.body, names: resultNames(response.body), text: visibleText(response.body) };
}

beforeAll(async () => {
  t = await createTestApp();
  const { group, host } = await seedGroup(t.app.db);
  groupId = group.id;
  searcher = await logIn(t.app, host.email);

  await member('Stefan Stark', 'Steuerberatung', { offer: 'Jahresabschlüsse und Buchhaltung für Handwerksbetriebe.' });
  await member('Lena Glück', 'Steuerberatung', { offer: 'Steuererklärungen für Onlinehändler.', region: 'Umland' });
  await member('Wera Web', 'Webdesign', { offer: 'Websites und Onlineshops, Suchmaschinenoptimierung.' });
  await member('Frieda Foto', 'Fotografie', { warum: 'Ich halte fest, was bleibt – Hochzeiten, Teams, Werkstätten.' });
  await member('Ines Inaktiv', 'Steuerberatung');
  await member('Doris Gelöscht', 'Steuerberatung');
  await outcomes(groupId, ids['Stefan Stark']!, 'Steuerberatung', 12, 1);
  await outcomes(groupId, ids['Lena Glück']!, 'Steuerberatung', 1, 0);
  await outcomes(groupId, ids['Ines Inaktiv']!, 'Steuerberatung', 20, 0);
  await outcomes(groupId, ids['Doris Gelöscht']!, 'Steuerberatung', 20, 0);
  await t.database.query('update members set active = false where id = $1', [ids['Ines Inaktiv']]);
  await t.database.query('update members set deleted_at = now() where id = $1', [ids['Doris Gelöscht']]);

  const other = await seedGroup(t.app.db);
  otherBrowser = await logIn(t.app, other.host.email);
  await member('Otto Anderswo', 'Steuerberatung', { offer: 'Steuerberatung für Onlinehändler.' }, other.group.id);
  await outcomes(other.group.id, ids['Otto Anderswo']!, 'Steuerberatung', 30, 0);
});

afterAll(() => t?.close());

describe('GET /directory', () => {
  it('ranks by trust in the topic: one good outcome does not outrank twelve good and one bad', async () => {
    const page = await search({ q: 'Steuerberatung für Onlinehändler' });
    expect(page.status).toBe(200);
    expect(page.names).toEqual(['Stefan Stark', 'Lena Glück']);
    // Lena matches "Onlinehändler" in her offer better, and still comes second.
    expect(page.text).toContain('noch wenig bestätigt');
    expect(page.text).toMatch(/Vertrauen in Steuerberatung \d+ von 100/);
    expect(page.text).toContain('13'); // Stefan's confirmed outcomes
  });

  it('finds word forms and typos of a trade', async () => {
    expect((await search({ q: 'Steuerberaterin' })).names).toEqual(['Stefan Stark', 'Lena Glück']);
    expect((await search({ q: 'Steuerbertung' })).names).toEqual(['Stefan Stark', 'Lena Glück']);
    expect((await search({ q: 'Fotograf Hochzeit' })).names).toEqual(['Frieda Foto']);
    expect((await search({ q: 'jemand für unsere Website' })).names).toEqual(['Wera Web']);
  });

  it('shows everyone ranked by overall trust for an empty need', async () => {
    const page = await search({});
    expect(page.names[0]).toBe('Stefan Stark');
    expect(page.names).toHaveLength(5); // the host and four listed members
  });

  it('filters by trade, region and confirmed outcomes', async () => {
    const steuer = await tradeId(t.database, groupId, 'Steuerberatung');
    expect((await search({ trade: steuer })).names).toEqual(['Stefan Stark', 'Lena Glück']);
    expect((await search({ q: 'Steuerberatung', region: 'Umland' })).names).toEqual(['Lena Glück']);
    const confirmed = await search({ confirmed: '1' });
    expect(confirmed.names).toEqual(['Stefan Stark', 'Lena Glück']);
    expect((await search({ q: 'Website', trade: steuer })).names).toEqual([]);
  });

  it('says what to do when nothing is found', async () => {
    const page = await search({ q: 'Hufschmied', region: 'Umland' });
    expect(page.status).toBe(200);
    expect(page.names).toEqual([]);
    expect(page.text).toContain('Niemand gefunden.');
    expect(page.text).toContain('Lass einen Filter weg');
    expect(page.text).toContain('Versuch andere oder weniger Wörter');
    expect(page.html.replaceAll('&#x3D;', '=')).toContain('href="/directory?q=Hufschmied"');
  });

  it('never shows members of another group, inactive or deleted members', async () => {
    for (const q of ['Steuerberatung', '', 'Onlinehändler']) {
      const page = await search({ q });
      expect(page.text).not.toContain('Otto Anderswo');
      expect(page.text).not.toContain('Ines Inaktiv');
      expect(page.text).not.toContain('Doris Gelöscht');
    }
    const other = await search({ q: 'Steuerberatung' }, otherBrowser);
    expect(other.names).toEqual(['Otto Anderswo']);
    // Another group's trade id is an unknown trade here.
    const foreign = await tradeId(t.database, groupId, 'Webdesign');
    const refused = await search({ trade: foreign }, otherBrowser);
    expect(refused.status).toBe(400);
    expect(refused.text).not.toContain('Wera Web');
  });

  it('answers bad input with 400 and a clear message', async () => {
    const long = await search({ q: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('höchstens 200 Zeichen');
    const unknown = await search({ trade: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Dieses Gewerk gibt es in eurer Gruppe nicht');
    const garbage = await search({ trade: 'nicht-eine-id' });
    expect(garbage.status).toBe(400);
  });

  it('links each card to the explanation and keeps searches shareable', async () => {
    const page = await search({ q: 'Steuerberatung' });
    expect(page.html).toContain(`href="/m/`);
    expect(page.html).toMatch(/href="\/m\/[a-z0-9-]+\/trust"/);
    expect(page.html).toContain('value="Steuerberatung"');
  });

  it('follows profile saves: a new offer is found at once', async () => {
    const { member: m, email } = await seedMember(t.app.db, groupId, 'Paul Neu');
    const browser = await logIn(t.app, email);
    const saved = await browser.post('/profile/edit', profileForm({ offer: 'Drohnenaufnahmen für Bauprojekte und Immobilien.', newTrade: 'Luftbild' }));
    expect(saved.statusCode).toBe(303);
    expect((await search({ q: 'Drohnenaufnahmen' })).names).toEqual(['Paul Neu']);
    expect((await search({ q: 'Luftbilder' })).names).toEqual(['Paul Neu']);
    expect(m.id).toBeTruthy();
  });

  it('shows the roster with a search box and the nav link', async () => {
    const roster = await searcher.get('/roster');
    expect(roster.body).toContain('action="/directory"');
    expect(roster.body).toContain('href="/directory"');
  });

  it('is for members only', async () => {
    const { Browser: B } = await import('../helpers/app.js');
    const anonymous = new B(t.app);
    const response = await anonymous.get('/directory?q=Steuerberatung');
    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(/^\/login/);
  });
});
