import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../server/members/import/routes.js';
import { Browser, countRows, createTestApp, ORIGIN, type TestApp, visibleText } from '../helpers/app.js';
import { giveTrade, logIn, PASSWORD, seedGroup, seedMember } from '../helpers/world/index.js';

/** A host brings an existing member list (CSV) into Kreis: preview, then invitations on confirmation. */
describe('member import', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  let n = 0;
  /** A host of a fresh group with the trades Steuerberatung (held by Tom Taken) and Bäckerei (free). */
  async function hostGroup(locale: 'de' | 'en' = 'de') {
    const seeded = await seedGroup(t.app.db, { locale });
    const tom = await seedMember(t.app.db, seeded.group.id, `Tom Taken ${++n}`);
    await giveTrade(t.database, seeded.group.id, tom.member.id, 'Steuerberatung');
    await t.database.query(`insert into trades (group_id, name) values ($1, 'Bäckerei')`, [seeded.group.id]);
    return { ...seeded, tom, browser: await logIn(t.app, seeded.host.email) };
  }

  /** The import form as a browser without JavaScript sends it: multipart, with a file and/or pasted text. */
  function upload(browser: Browser, file: { bytes: Buffer; name?: string } | null, text = '', query = '') {
    const form = new FormData();
    form.append('file', new Blob(file ? [new Uint8Array(file.bytes)] : [], { type: 'text/csv' }), file?.name ?? '');
    form.append('text', text);
    return browser.request({ method: 'POST', url: `/host/members/import${query}`, payload: form, headers: { origin: ORIGIN } });
  }

  const unescape = (value: string) =>
    value.replace(/&(amp|lt|gt|quot|#x27|#x3D|#x60);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#x3D': '=', '#x60': '`' })[e]!);
  /** The hidden fields of the preview's confirmation form. */
  function confirmation(html: string) {
    const field = (name: string) => unescape(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '');
    return { text: field('text'), digest: field('digest') };
  }

  const invitationCount = (groupId: string) => countRows(t.database, 'invitations', 'group_id = $1', [groupId]);

  it('the preview says for each line what will happen, with the reason for errors, and writes nothing', async () => {
    const { group, tom, browser } = await hostGroup();
    await browser.post('/host/invitations', { email: 'schon@example.org' });
    const csv = [
      'Name;E-Mail;Telefon;Gewerk',
      'Nina Neu;nina@example.org;0171 1234567;bäckerei',
      `Tom Taken;${tom.email};;`,
      'Schon Eingeladen;SCHON@example.org;;',
      'Kein At;keine-adresse;;',
      'Nina Doppelt;nina@example.org;;',
      'Stefan Steuer;stefan@example.org;;Steuerberatung',
      'Zora Zauber;zora@example.org;;Zauberei',
    ].join('\r\n');
    const before = await invitationCount(group.id);
    const response = await upload(browser, { bytes: Buffer.from(csv), name: 'mitglieder.csv' });
    expect(response.statusCode).toBe(200);
    const text = visibleText(response.body);
    expect(text).toContain('Einladen: 1 · schon Mitglied: 1 · schon eingeladen: 1 · fehlerhaft: 4');
    expect(text).toMatch(/2 Nina Neu nina@example\.org 0171 1234567 Bäckerei wird eingeladen/);
    expect(text).toMatch(/3 Tom Taken \S+ schon Mitglied/);
    expect(text).toContain('Das ist keine gültige E-Mail-Adresse.');
    expect(text).toContain('Diese E-Mail-Adresse steht weiter oben schon in der Liste.');
    expect(text).toContain('Dieses Gewerk ist schon besetzt (ein Platz pro Gewerk).');
    expect(text).toContain('Dieses Gewerk gibt es in eurer Gruppe nicht.');
    expect(text).toContain('1 Einladung verschicken');
    expect(await invitationCount(group.id)).toBe(before);
  });

  it('confirming creates the invitations with their mails in one go; the invitee finds the join form prefilled', async () => {
    const { group, browser } = await hostGroup();
    const csv = 'Name,Email,Phone,Trade\nNina Neu,nina-join@example.org,0171 1234567,Baeckerei\nOtto Ohne,otto@example.org,,\n';
    const preview = await upload(browser, null, csv, '?lang=en');
    expect(visibleText(preview.body)).toContain('To invite: 2 · already members: 0');
    const outboxBefore = await countRows(t.database, 'outbox', 'group_id = $1', [group.id]);

    const confirmed = await browser.post('/host/members/import/confirm', confirmation(preview.body));
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe('/host/invitations?imported=2');
    const list = visibleText((await browser.get(confirmed.headers.location as string)).body);
    expect(list).toContain('2 invitations created from your list.');
    expect(list).toContain('Nina Neu nina-join@example.org');

    const rows = await t.database.query<{ email: string; name: string; phone: string | null; trade: string | null }>(
      `select i.email, i.name, i.phone, t.name as trade from invitations i left join trades t on t.id = i.trade_id
       where i.group_id = $1 order by i.email`,
      [group.id],
    );
    expect(rows).toEqual([
      { email: 'nina-join@example.org', name: 'Nina Neu', phone: '0171 1234567', trade: 'Bäckerei' },
      { email: 'otto@example.org', name: 'Otto Ohne', phone: null, trade: null },
    ]);
    const mails = await t.database.query<{ recipient: string; body: string }>(
      'select recipient, body from outbox where group_id = $1 order by recipient',
      [group.id],
    );
    expect(mails).toHaveLength(outboxBefore + 2);
    const link = /http:\/\/localhost:3000(\/invite\/[a-z0-9]{32})/.exec(mails[0]!.body)![1]!;

    // The join form starts with the name and phone from the list and names the trade.
    const invitee = new Browser(t.app);
    const join = await invitee.get(link);
    expect(join.body).toContain('value="Nina Neu"');
    expect(join.body).toContain('value="0171 1234567"');
    expect(visibleText(join.body)).toContain('Dein Gewerk in der Gruppe: Bäckerei.');

    const joined = await invitee.post(link, {
      name: 'Nina Neu',
      email: 'nina-join@example.org',
      phone: '0171 1234567',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    expect(joined.statusCode).toBe(303);
    const [member] = await t.database.query<{ id: string; phone: string; status: string; trade: string }>(
      `select m.id, m.phone, mt.status, t.name as trade from members m join accounts a on a.id = m.account_id
       join member_trades mt on mt.member_id = m.id join trades t on t.id = mt.trade_id where a.email = 'nina-join@example.org'`,
    );
    expect(member).toMatchObject({ phone: '0171 1234567', status: 'active', trade: 'Bäckerei' });
    // MemberJoined reached the directory: the newcomer is findable by the trade right away.
    expect(await countRows(t.database, 'member_search', 'member_id = $1', [member!.id])).toBe(1);
  });

  it('when the invited trade was taken meanwhile, joining asks the hosts instead of taking a second seat', async () => {
    const { group, browser } = await hostGroup();
    const preview = await upload(browser, null, 'Name;E-Mail;Gewerk\nBea Back;bea@example.org;Bäckerei\n');
    expect((await browser.post('/host/members/import/confirm', confirmation(preview.body))).statusCode).toBe(303);
    const rival = await seedMember(t.app.db, group.id, 'Rita Rivalin');
    await giveTrade(t.database, group.id, rival.member.id, 'Bäckerei');

    const [mail] = await t.database.query<{ body: string }>(`select body from outbox where recipient = 'bea@example.org'`);
    const link = /http:\/\/localhost:3000(\/invite\/[a-z0-9]{32})/.exec(mail!.body)![1]!;
    const joined = await new Browser(t.app).post(link, { name: 'Bea Back', email: 'bea@example.org', password: PASSWORD, passwordConfirm: PASSWORD });
    expect(joined.statusCode).toBe(303);
    const seats = await t.database.query<{ status: string }>(
      `select mt.status from member_trades mt join members m on m.id = mt.member_id join accounts a on a.id = m.account_id
       where a.email = 'bea@example.org'`,
    );
    expect(seats).toEqual([{ status: 'pending' }]);
    expect(visibleText((await browser.get('/host/trades')).body)).toContain('Bea Back');
  });

  it('a confirmation whose list or group changed since the preview is refused and writes nothing', async () => {
    const { group, browser } = await hostGroup();
    const preview = await upload(browser, null, 'Name;E-Mail\nAnna;anna@example.org\nBen;ben@example.org\n');
    const sent = confirmation(preview.body);

    const edited = await browser.post('/host/members/import/confirm', { ...sent, text: sent.text.replace('Ben', 'Benjamin') });
    expect(edited.statusCode).toBe(409);
    expect(visibleText(edited.body)).toContain('Seit der Vorschau hat sich die Liste oder eure Gruppe geändert. Es wurde niemand eingeladen');
    expect(await invitationCount(group.id)).toBe(0);

    // Meanwhile Ben was invited by hand: the same list now means something else.
    await browser.post('/host/invitations', { email: 'ben@example.org' });
    const stale = await browser.post('/host/members/import/confirm', sent);
    expect(stale.statusCode).toBe(409);
    expect(visibleText(stale.body)).toContain('Einladen: 1 · schon Mitglied: 0 · schon eingeladen: 1');
    expect(await invitationCount(group.id)).toBe(1);

    const forged = await browser.post('/host/members/import/confirm', { text: sent.text, digest: 'nonsense' });
    expect(forged.statusCode).toBe(400);
    expect(await invitationCount(group.id)).toBe(1);
  });

  it('a list over the limits is refused with a clear message', async () => {
    const { browser } = await hostGroup();
    const lines = ['Name;E-Mail', ...Array.from({ length: 501 }, (_, i) => `P ${i};p${i}@example.org`)].join('\n');
    const tooMany = await upload(browser, { bytes: Buffer.from(lines), name: 'gross.csv' });
    expect(tooMany.statusCode).toBe(400);
    expect(visibleText(tooMany.body)).toContain('Die Liste hat mehr als 500 Zeilen.');

    const tooLarge = await upload(browser, { bytes: Buffer.alloc(300 * 1024, 'x'), name: 'riesig.csv' });
    expect(tooLarge.statusCode).toBe(413);
    expect(visibleText(tooLarge.body)).toContain('Sie darf höchstens 256 KB haben');

    const empty = await upload(browser, null, '');
    expect(empty.statusCode).toBe(400);
    expect(visibleText(empty.body)).toContain('Die Liste ist leer.');
  });

  it('a malformed upload answers 400 with a clear message, never 500', async () => {
    const { browser } = await hostGroup('en');
    const response = await browser.request({
      method: 'POST',
      url: '/host/members/import',
      payload: '------cut\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nName;E-Mail\r\nA;a@exa',
      headers: { origin: ORIGIN, 'content-type': 'multipart/form-data; boundary=----cut' },
    });
    expect(response.statusCode).toBe(400);
    expect(visibleText(response.body)).toContain('The list did not arrive completely. Please upload it again.');
  });

  it('Windows-1252 from Excel keeps its umlauts through preview and confirmation', async () => {
    const { group, browser } = await hostGroup();
    const bytes = Buffer.from([...Buffer.from('Name;E-Mail\r\nJ'), 0xfc, ...Buffer.from('rgen G'), 0xf6, ...Buffer.from('tz;jg@example.org\r\n')]);
    const preview = await upload(browser, { bytes, name: 'excel.csv' });
    expect(visibleText(preview.body)).toContain('Jürgen Götz');
    expect((await browser.post('/host/members/import/confirm', confirmation(preview.body))).statusCode).toBe(303);
    const [row] = await t.database.query<{ name: string }>('select name from invitations where group_id = $1', [group.id]);
    expect(row!.name).toBe('Jürgen Götz');
  });

  it('only hosts may import', async () => {
    const { group } = await hostGroup();
    const member = await seedMember(t.app.db, group.id, 'Mia Mitglied');
    const browser = await logIn(t.app, member.email);
    expect((await browser.get('/host/members/import')).statusCode).toBe(403);
    expect((await upload(browser, null, 'A;a@example.org')).statusCode).toBe(403);
    const confirm = await browser.post('/host/members/import/confirm', { text: 'A;a@example.org', digest: 'a'.repeat(64) });
    expect(confirm.statusCode).toBe(403);
    expect(await invitationCount(group.id)).toBe(0);
  });

  it('confirmations are rate-limited per host with a clear 429', async () => {
    const { group, browser } = await hostGroup();
    const wrong = { text: 'A;a@example.org', digest: 'b'.repeat(64) };
    for (let i = 1; i <= IMPORT_LIMITS.perHost.max; i++) {
      expect((await browser.post('/host/members/import/confirm', wrong)).statusCode, `confirmation ${i}`).toBe(409);
    }
    const blocked = await browser.post('/host/members/import/confirm', wrong);
    expect(blocked.statusCode).toBe(429);
    expect(visibleText(blocked.body)).toMatch(/Zum Schutz vor Spam-Mails geht die nächste in \d+ Min\./);
    expect(await invitationCount(group.id)).toBe(0);
  });

  it('the host pages link to the import', async () => {
    const { browser } = await hostGroup();
    expect((await browser.get('/host')).body).toContain('href="/host/members/import"');
    expect((await browser.get('/host/invitations')).body).toContain('href="/host/members/import"');
    const page = await browser.get('/host/members/import?lang=en');
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain('Bring your member list');
  });
});
