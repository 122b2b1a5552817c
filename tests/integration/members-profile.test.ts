import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, profileForm, seedGroup, seedMember, WARUM } from '../helpers/world/index.js';

describe('profile editor and profile page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function memberOfNewGroup(options: { locale?: 'de' | 'en' } = {}) {
    const { group } = await seedGroup(t.app.db, options);
    const seeded = await seedMember(t.app.db, group.id, 'Anna Berger');
    return { group, ...seeded, browser: await logIn(t.app, seeded.email) };
  }

  const profileRow = (memberId: string) =>
    t.database.query<Record<string, unknown>>('select warum, offer, region, website, phone, is_public from members where id = $1', [memberId]);

  it('the editor shows the Warum prompt and requires a login', async () => {
    const { browser } = await memberOfNewGroup();
    const editor = await browser.get('/profile/edit');
    expect(editor.statusCode).toBe(200);
    const text = visibleText(editor.body);
    expect(text).toContain('Warum machst du, was du machst? Wofür brennst du?');
    expect(text).toContain('Eine gute Empfehlung für mich ist …');
    expect(editor.body).toMatch(/<textarea id="f-warum"[^>]*aria-describedby="f-warum-hint/);

    const anonymous = await new Browser(t.app).get('/profile/edit');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fprofile%2Fedit');
  });

  it('saving leads to the profile, where the Warum is the headline after the name', async () => {
    const { member, browser } = await memberOfNewGroup();
    const saved = await browser.post('/profile/edit', profileForm({ newTrade: 'Steuerberatung', isPublic: 'on' }));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/m/${member.slug}?saved=1`);

    const page = await browser.get(saved.headers.location as string);
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('Dein Profil ist gespeichert.');
    // Name, then the Warum, before trades, region, offer and the referral prompt.
    const order = ['Anna Berger', WARUM, 'Steuerberatung', 'Musterstadt und Umland', 'Jahresabschlüsse', 'Eine gute Empfehlung für mich ist …'];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(page.body).toMatch(/<p class="warum"[^>]*>Weil gute Zahlen/);
    expect(text).toContain('Profil bearbeiten');

    const [row] = await profileRow(member.id);
    expect(row).toMatchObject({ warum: WARUM, region: 'Musterstadt und Umland', website: 'https://example.org', is_public: true });
  });

  it('the editor shows the saved values again', async () => {
    const { browser } = await memberOfNewGroup();
    await browser.post('/profile/edit', profileForm({ newTrade: 'Webdesign', region: 'Nordstadt', offer: 'Zeile eins\r\nZeile zwei' }));
    const editor = await browser.get('/profile/edit');
    expect(editor.body).toContain('value="Nordstadt"');
    // Multi-line text comes back exactly, so saving the form again does not change it.
    expect(editor.body).toMatch(/<textarea id="f-offer"[^>]*>Zeile eins\nZeile zwei<\/textarea>/);
    expect(editor.body).toMatch(/<input id="f-trade-[^"]+" name="trades" type="checkbox" value="[^"]+" checked>\s*<span>Webdesign/);
  });

  it('bad input gives 400, a German message per field, the values echoed, and saves nothing — not even a new trade', async () => {
    const { group, member, browser } = await memberOfNewGroup();
    const response = await browser.post(
      '/profile/edit',
      profileForm({ warum: 'x'.repeat(39), website: 'www.example.org', phone: 'ruf mich an', newTrade: 'Fotografie', region: 'Südstadt' }),
    );
    expect(response.statusCode).toBe(400);
    const text = visibleText(response.body);
    expect(text).toContain('Bitte prüfe die markierten Felder.');
    expect(text).toContain('Dein Warum braucht mindestens 40 Zeichen.');
    expect(text).toContain('Bitte gib eine vollständige Webadresse an, die mit http:// oder https:// beginnt.');
    expect(text).toContain('Bitte eine Telefonnummer aus Ziffern');
    expect(response.body).toContain('value="www.example.org"');
    expect(response.body).toContain('value="Südstadt"');
    expect(response.body).toContain('value="Fotografie"');
    expect(response.body).toMatch(/id="f-warum"[^>]*aria-invalid="true"/);

    const [row] = await profileRow(member.id);
    expect(row).toMatchObject({ warum: '', region: '', website: '', phone: '' });
    expect(await countRows(t.database, 'trades', 'group_id = $1', [group.id])).toBe(0);
  });

  it('a profile without any trade is refused', async () => {
    const { member, browser } = await memberOfNewGroup();
    const response = await browser.post('/profile/edit', profileForm());
    expect(response.statusCode).toBe(400);
    expect(visibleText(response.body)).toContain('Bitte wähle mindestens ein Gewerk oder trag ein neues ein.');
    const [row] = await profileRow(member.id);
    expect(row!.warum).toBe('');
  });

  it("another group's trade id is refused and nothing is saved", async () => {
    const other = await memberOfNewGroup();
    await other.browser.post('/profile/edit', profileForm({ newTrade: 'Rechtsberatung' }));
    const [foreign] = await t.database.query<{ id: string }>('select id from trades where group_id = $1', [other.group.id]);

    const { member, browser } = await memberOfNewGroup();
    const response = await browser.post('/profile/edit', profileForm({ trades: [foreign!.id] }));
    expect(response.statusCode).toBe(400);
    expect(visibleText(response.body)).toContain('Dieses Gewerk gibt es in eurer Gruppe nicht.');
    expect(await countRows(t.database, 'member_trades', 'member_id = $1', [member.id])).toBe(0);
  });

  it('a Warum with HTML is shown as text, never run', async () => {
    const { member, browser } = await memberOfNewGroup();
    const warum = '<script>alert("xss")</script> Ich baue Websites, die <b>wirklich</b> jemand benutzt.';
    expect((await browser.post('/profile/edit', profileForm({ warum, newTrade: '<img src=x onerror=alert(1)>' }))).statusCode).toBe(303);
    for (const url of [`/m/${member.slug}`, '/roster', '/profile/edit']) {
      const page = await browser.get(url);
      expect(page.body, url).not.toContain('<script>alert');
      expect(page.body, url).not.toContain('<img src=x');
      expect(page.body, url).toContain('&lt;script&gt;alert(');
    }
  });

  it('the roster lists active members with trades and the first line of each Warum', async () => {
    const { group, browser } = await memberOfNewGroup();
    await browser.post('/profile/edit', profileForm({ warum: `${WARUM}\nZweite Zeile, die nicht im Teaser steht.`, newTrade: 'Steuerberatung' }));
    const gone = await seedMember(t.app.db, group.id, 'Otto Ausgetreten');
    await t.database.query('update members set active = false where id = $1', [gone.member.id]);

    const roster = await browser.get('/roster');
    const text = visibleText(roster.body);
    expect(text).toContain('Anna Berger');
    expect(text).toContain('Steuerberatung');
    expect(text).toContain(WARUM);
    expect(text).not.toContain('Zweite Zeile');
    expect(text).not.toContain('Otto Ausgetreten');
    expect(text).toContain('2 aktive Mitglieder');
  });

  it('the roster needs the same number of queries for 2 and for 11 members (no N+1)', async () => {
    const { group, browser } = await memberOfNewGroup();
    // drizzle reports every query to its session's logger; count them while the roster renders.
    const session = (t.app.db as unknown as { session: { logger: { logQuery(query: string): void } } }).session;
    const queriesFor = async (url: string) => {
      const original = session.logger;
      let count = 0;
      session.logger = { logQuery: () => void count++ };
      try {
        expect((await browser.get(url)).statusCode).toBe(200);
      } finally {
        session.logger = original;
      }
      return count;
    };
    // The first signed-in request records the member's device sighting (once an hour); count after it.
    await queriesFor('/roster');
    const small = await queriesFor('/roster');
    // The roster and the trades (the session query is prepared once and not logged here).
    expect(small).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 9; i++) await seedMember(t.app.db, group.id, `Mitglied ${i}`);
    expect(await queriesFor('/roster')).toBe(small);
  });

  describe('roster paging', () => {
    /** Many members at once in SQL: the regular seed hashes a password per member, too slow for 60. */
    async function seedMany(groupId: string, count: number, prefix: string) {
      const tag = `${process.pid}-${Date.now()}-${prefix.replace(/\W/g, '')}`;
      await t.database.query(
        `with new_accounts as (
           insert into accounts (email, name, password_hash)
           select 'bulk-' || $2 || '-' || n || '@example.org', $3 || ' ' || lpad(n::text, 3, '0'), 'x'
           from generate_series(1, $4::int) as n
           returning id, email)
         insert into members (group_id, account_id, slug)
         select $1, id, lower(replace(email, '@example.org', '')) from new_accounts`,
        [groupId, tag, prefix, count],
      );
    }
    // Handlebars escapes "=" in attribute values; the browser reads it as "=".
    const html = (body: string) => body.replaceAll('&#x3D;', '=');
    const listed = (body: string) => [...body.matchAll(/<h2 class="roster__name"><a href="\/m\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);

    let browser: Browser;
    let englishBrowser: Browser;
    beforeAll(async () => {
      // 60 members: the viewer "Anna Berger", the host "Hanna Host …" and 58 "Paula Paging 001…058".
      const viewer = await memberOfNewGroup();
      browser = viewer.browser;
      await seedMany(viewer.group.id, 58, 'Paula Paging');
      const gone = await seedMember(t.app.db, viewer.group.id, 'Paula Paging 000 Ausgetreten');
      await t.database.query('update members set active = false where id = $1', [gone.member.id]);
      const foreign = await memberOfNewGroup();
      await seedMany(foreign.group.id, 5, 'Fremd Fremdgruppe');
      const english = await memberOfNewGroup({ locale: 'en' });
      englishBrowser = english.browser;
      await seedMany(english.group.id, 98, 'Eve English');
    });

    it('page 1 shows 48 members by name, the total and a link to page 2', async () => {
      const page = await browser.get('/roster');
      expect(page.statusCode).toBe(200);
      const names = listed(page.body);
      expect(names).toHaveLength(48);
      expect(names[0]).toBe('Anna Berger');
      expect(names[1]).toMatch(/^Hanna Host \d+$/);
      expect(names[2]).toBe('Paula Paging 001');
      expect(names[47]).toBe('Paula Paging 046');
      const text = visibleText(page.body);
      expect(text).toContain('60 aktive Mitglieder');
      expect(text).toContain('Seite 1 von 2');
      expect(page.body).toContain('<nav class="pagination" aria-label="Seiten der Mitgliederliste">');
      expect(page.body).toMatch(/<a href="\/roster" aria-current="page" aria-label="Seite 1">1<\/a>/);
      expect(html(page.body)).toMatch(/<a href="\/roster\?page=2" rel="next">.*Nächste Seite/);
      expect(page.body).not.toContain('rel="prev"');
      // The directory search stays on top of the roster.
      expect(page.body.indexOf('action="/directory"')).toBeLessThan(page.body.indexOf('class="roster"'));
    });

    it('page 2 shows the remaining 12, a link back and no next link; other groups and former members never appear', async () => {
      const page = await browser.get('/roster?page=2');
      expect(page.statusCode).toBe(200);
      const names = listed(page.body);
      expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `Paula Paging ${String(47 + i).padStart(3, '0')}`));
      const text = visibleText(page.body);
      expect(text).toContain('60 aktive Mitglieder');
      expect(text).toContain('Seite 2 von 2');
      expect(html(page.body)).toMatch(/<a href="\/roster\?page=2" aria-current="page" aria-label="Seite 2">2<\/a>/);
      expect(page.body).toMatch(/<a href="\/roster" rel="prev">.*Vorherige Seite/);
      expect(page.body).not.toContain('rel="next"');
      for (const url of ['/roster', '/roster?page=2']) {
        const body = visibleText((await browser.get(url)).body);
        expect(body, url).not.toContain('Fremdgruppe');
        expect(body, url).not.toContain('Ausgetreten');
      }
    });

    it('a page past the end leads to the last page, a page that is no number to the first', async () => {
      for (const url of ['/roster?page=3', '/roster?page=999999']) {
        const response = await browser.get(url);
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location, url).toBe('/roster?page=2');
      }
      for (const url of ['/roster?page=0', '/roster?page=-1', '/roster?page=abc', '/roster?page=1.5', '/roster?page=9999999', '/roster?page=1&page=2']) {
        const response = await browser.get(url);
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location, url).toBe('/roster');
      }
      expect((await browser.get('/roster?page=1')).statusCode).toBe(200);
    });

    it('a small group has no pagination', async () => {
      const { browser: small } = await memberOfNewGroup();
      const page = await small.get('/roster');
      expect(listed(page.body)).toHaveLength(2);
      expect(page.body).not.toContain('class="pagination"');
    });

    it('the pagination speaks English', async () => {
      const page = await englishBrowser.get('/roster?page=2');
      expect(page.statusCode).toBe(200);
      const text = visibleText(page.body);
      expect(text).toContain('100 active members');
      expect(text).toContain('Page 2 of 3');
      expect(text).toContain('Previous page');
      expect(text).toContain('Next page');
      expect(page.body).toContain('aria-label="Member list pages"');
      expect(listed(page.body)).toHaveLength(48);
      const last = await englishBrowser.get('/roster?page=3');
      expect(listed(last.body)).toHaveLength(4);
    });
  });

  it('the English UI speaks English on the editor and profile', async () => {
    const { member, browser } = await memberOfNewGroup({ locale: 'en' });
    const editor = visibleText((await browser.get('/profile/edit')).body);
    expect(editor).toContain('Why do you do what you do? What are you passionate about?');
    expect(editor).toContain('Save profile');
    const bad = await browser.post('/profile/edit', profileForm({ warum: 'too short' }));
    expect(visibleText(bad.body)).toContain('Your Why needs at least 40 characters.');
    await browser.post('/profile/edit', profileForm({ newTrade: 'Tax advice' }));
    const profile = visibleText((await browser.get(`/m/${member.slug}`)).body);
    expect(profile).toContain('Why');
    expect(profile).toContain('A good referral for me is …');
    expect(profile).toContain('Edit profile');
  });

  it('an unknown profile is a friendly 404', async () => {
    const { browser } = await memberOfNewGroup();
    const response = await browser.get('/m/niemand-hier');
    expect(response.statusCode).toBe(404);
    expect(visibleText(response.body)).toContain('Dieses Profil gibt es nicht');
  });
});
