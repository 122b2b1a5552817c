import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { PASSWORD, seedGroup, seedMember } from '../helpers/world/index.js';

type GroupRow = {
  name: string;
  city: string;
  locale: string;
  seconds_per_intro: number;
  response_deadline_days: number;
  one_seat_per_trade: boolean;
};

describe('host: group settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function hostOfNewGroup() {
    const { group, host } = await seedGroup(t.app.db);
    const browser = new Browser(t.app);
    await browser.login(host.email, PASSWORD);
    return { group, host, browser };
  }

  async function groupRow(id: string) {
    const [row] = await t.database.query<GroupRow>(
      'select name, city, locale, seconds_per_intro, response_deadline_days, one_seat_per_trade from groups where id = $1',
      [id],
    );
    return row!;
  }

  const valid = {
    name: 'Frühstück am Markt',
    city: 'Neustadt',
    locale: 'de',
    secondsPerIntro: '90',
    responseDeadlineDays: '5',
    oneSeatPerTrade: 'on',
  };

  it('shows the current settings', async () => {
    const { group, browser } = await hostOfNewGroup();
    const page = await browser.get('/host/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${group.name}"`);
    expect(page.body).toContain('value="60"');
    expect(page.body).toMatch(/name="oneSeatPerTrade" value="on"[^>]*checked/);
  });

  it('saves valid settings, including an unticked checkbox', async () => {
    const { group, browser } = await hostOfNewGroup();
    const { oneSeatPerTrade: _, ...withoutCheckbox } = valid;
    const response = await browser.post('/host/settings', withoutCheckbox);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/host/settings?saved=1');
    expect(await groupRow(group.id)).toEqual({
      name: 'Frühstück am Markt',
      city: 'Neustadt',
      locale: 'de',
      seconds_per_intro: 90,
      response_deadline_days: 5,
      one_seat_per_trade: false,
    });
    const page = await browser.get('/host/settings?saved=1');
    expect(visibleText(page.body)).toContain('Die Einstellungen sind gespeichert.');
    expect(visibleText(page.body)).toContain('Frühstück am Markt');
  });

  it('bad input: 400, a message per field, the values echoed, nothing saved', async () => {
    const { group, browser } = await hostOfNewGroup();
    const before = await groupRow(group.id);
    const response = await browser.post('/host/settings', {
      name: '',
      city: 'Neustadt',
      locale: 'fr',
      secondsPerIntro: '5',
      responseDeadlineDays: '31',
      oneSeatPerTrade: 'on',
    });
    expect(response.statusCode).toBe(400);
    const text = visibleText(response.body);
    expect(text).toContain('Bitte prüfe die markierten Felder.');
    expect(response.body).toMatch(/id="f-name-error">Bitte ausfüllen\./);
    expect(response.body).toMatch(/id="f-locale-error">Dieser Wert ist ungültig\./);
    expect(response.body).toMatch(/id="f-secondsPerIntro-error">Der Wert muss mindestens 10 sein\./);
    expect(response.body).toMatch(/id="f-responseDeadlineDays-error">Der Wert darf höchstens 30 sein\./);
    expect(response.body).toContain('value="Neustadt"');
    expect(response.body).toContain('value="5"');
    expect(response.body).toContain('value="31"');
    expect(await groupRow(group.id)).toEqual(before);
  });

  it('rejects numbers that are not whole numbers and too-high intro times', async () => {
    const { group, browser } = await hostOfNewGroup();
    const before = await groupRow(group.id);
    const response = await browser.post('/host/settings', { ...valid, secondsPerIntro: '301', responseDeadlineDays: 'zwei' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/id="f-secondsPerIntro-error">Der Wert darf höchstens 300 sein\./);
    expect(response.body).toMatch(/id="f-responseDeadlineDays-error">Bitte gib eine ganze Zahl an\./);
    const fraction = await browser.post('/host/settings', { ...valid, secondsPerIntro: '12.5', responseDeadlineDays: '' });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.body).toMatch(/id="f-secondsPerIntro-error">Bitte gib eine ganze Zahl an\./);
    expect(fraction.body).toMatch(/id="f-responseDeadlineDays-error">Bitte ausfüllen\./);
    expect(await groupRow(group.id)).toEqual(before);
  });

  it('after switching the language the group sees Kreis in English', async () => {
    const { group, browser } = await hostOfNewGroup();
    const member = await seedMember(t.app.db, group.id, 'Erik English');
    const memberBrowser = new Browser(t.app);
    await memberBrowser.login(member.email, PASSWORD);
    expect(visibleText((await memberBrowser.get('/roster')).body)).toContain('Mitglieder');

    expect((await browser.post('/host/settings', { ...valid, locale: 'en' })).statusCode).toBe(303);
    const saved = await browser.get('/host/settings?saved=1');
    expect(visibleText(saved.body)).toContain('The settings have been saved.');
    expect(saved.body).toContain('<html lang="en">');

    const roster = await memberBrowser.get('/roster');
    expect(roster.body).toContain('<html lang="en">');
    expect(visibleText(roster.body)).toContain('Members');

    expect((await browser.post('/host/settings', { ...valid, locale: 'de' })).statusCode).toBe(303);
    expect((await memberBrowser.get('/roster')).body).toContain('<html lang="de">');
  });
});
