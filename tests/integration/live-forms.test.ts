import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { LiveClient, memberCookie, wsUrl } from '../helpers/live.js';
import { sessionBrowser } from '../helpers/world/clients.js';
import { insertBreakfast, seedGroup, seedMember } from '../helpers/world/index.js';

/** The live room without JavaScript: every button is a form posting to /breakfasts/:id/live. */
describe('the live room’s plain forms', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t?.close());

  async function room() {
    const { group, host } = await seedGroup(t.app.db);
    const anna = await seedMember(t.app.db, group.id, 'Anna Arndt');
    const bert = await seedMember(t.app.db, group.id, 'Bert Brandt');
    const breakfastId = await insertBreakfast(t.database, group.id, host.member.id);
    const browsers = {
      host: await sessionBrowser(t.app, host.account.id),
      anna: await sessionBrowser(t.app, anna.account.id),
      bert: await sessionBrowser(t.app, bert.account.id),
    };
    const path = `/breakfasts/${breakfastId}/live`;
    // Opening the page enters the room, as the socket does with JavaScript.
    for (const b of Object.values(browsers)) expect((await b.get(path)).statusCode).toBe(200);
    return { group, host, anna, bert, breakfastId, browsers, path };
  }

  const events = (breakfastId: string) => countRows(t.database, 'round_events', 'breakfast_id = $1', [breakfastId]);

  it('the host starts and moves the round; members see it on reload', async () => {
    const r = await room();
    const start = await r.browsers.host.post(r.path, { action: 'start', mode: 'roster', secondsEach: '60' });
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe(r.path);
    const page = visibleText((await r.browsers.bert.get(r.path)).body);
    expect(page).toContain('Vorstellungsrunde läuft');
    expect(page).toContain('Anna Arndt');
    expect(page).toContain('Als Nächstes: Bert Brandt');
    // The host's page has the bottom bar as plain buttons; the start form is gone.
    const hostHtml = (await r.browsers.host.get(r.path)).body;
    expect(hostHtml).toMatch(/<form class="live-bar" id="live-run-controls" method="post"/);
    expect(hostHtml).toMatch(/id="live-start-form"[^>]* hidden/);
    expect((await r.browsers.host.post(r.path, { action: 'next' })).statusCode).toBe(303);
    // Bert speaks now: his card is the one on the stage.
    expect((await r.browsers.anna.get(r.path)).body).toMatch(/<div id="live-speaker" class="live-speaker"><article class="live-card" data-attendee="[^"]+" data-name="Bert Brandt"/);
    expect(await events(r.breakfastId)).toBe(2);
  });

  it('"end round" asks first: the confirmation page changes nothing, its button ends the round', async () => {
    const r = await room();
    await r.browsers.host.post(r.path, { action: 'start', mode: 'roster', secondsEach: '60' });
    const ask = await r.browsers.host.post(r.path, { action: 'end' });
    expect(ask.statusCode).toBe(200);
    const text = visibleText(ask.body);
    expect(text).toContain('Runde wirklich beenden?');
    expect(text).toContain('Ja, Runde beenden');
    expect(text).toContain('Abbrechen');
    expect(ask.body).toContain('name="confirmed" value="1"');
    expect(ask.body).toContain('name="action" value="end"');
    expect(await events(r.breakfastId)).toBe(1);
    expect(visibleText((await r.browsers.anna.get(r.path)).body)).toContain('Vorstellungsrunde läuft');

    const done = await r.browsers.host.post(r.path, { action: 'end', confirmed: '1' });
    expect(done.statusCode).toBe(303);
    expect(await events(r.breakfastId)).toBe(2);
    expect(visibleText((await r.browsers.anna.get(r.path)).body)).toContain('Die Vorstellungsrunde ist beendet.');
  });

  it('"skip" names the person on its confirmation page, then skips them', async () => {
    const r = await room();
    await r.browsers.host.post(r.path, { action: 'start', mode: 'roster', secondsEach: '60' });
    const ask = await r.browsers.host.post(r.path, { action: 'skip', attendeeId: r.bert.member.id });
    expect(visibleText(ask.body)).toContain('Bert Brandt überspringen?');
    expect(await events(r.breakfastId)).toBe(1);
    expect((await r.browsers.host.post(r.path, { action: 'skip', attendeeId: r.bert.member.id, confirmed: '1' })).statusCode).toBe(303);
    expect(visibleText((await r.browsers.anna.get(r.path)).body)).toContain('Bert Brandt übersprungen');
  });

  it('a member pledges and asks for a one-to-one without JavaScript', async () => {
    const r = await room();
    await r.browsers.host.post(r.path, { action: 'start', mode: 'roster', secondsEach: '60' });
    // Anna speaks first; Bert pledges for her.
    const pledged = await r.browsers.bert.post(r.path, { action: 'pledge', forAttendeeId: r.anna.member.id, note: 'Steuerfrage' });
    expect(pledged.statusCode).toBe(303);
    expect(pledged.headers.location).toBe(`${r.path}?sent=pledge`);
    expect(visibleText((await r.browsers.bert.get(`${r.path}?sent=pledge`)).body)).toContain('Notiert');
    expect((await r.browsers.bert.post(r.path, { action: 'one_to_one', withAttendeeId: r.anna.member.id })).statusCode).toBe(303);
    expect(await events(r.breakfastId)).toBe(3);
  });

  it('a socket in the room sees a change made by a plain form at once', async () => {
    const r = await room();
    const anna = await LiveClient.connect(wsUrl(t.app, r.breakfastId), await memberCookie(t.app, r.anna.account.id));
    await anna.waitForState(() => true);
    await r.browsers.host.post(r.path, { action: 'start', mode: 'roster', secondsEach: '60' });
    const started = await anna.waitForState((m) => m.view.version === 1);
    expect(started.view.status).toBe('running');
    await anna.close();
  });

  it('refuses a bad action with a message and changes nothing', async () => {
    const r = await room();
    for (const form of <Record<string, string>[]>[
      { action: 'explode' },
      {},
      { action: 'start', mode: 'alphabetical', secondsEach: '60' },
      { action: 'start', mode: 'roster', secondsEach: 'lots' },
      { action: 'extend', seconds: '-5' },
      { action: 'skip' },
      { action: 'end', confirmed: 'yes' },
    ]) {
      const response = await r.browsers.host.post(r.path, form);
      expect(response.statusCode, JSON.stringify(form)).toBe(400);
      expect(visibleText(response.body)).toContain('Diese Aktion gibt es im Live-Raum nicht, oder ihre Angaben sind unvollständig. Es wurde nichts geändert.');
    }
    expect(await events(r.breakfastId)).toBe(0);
  });

  it('refuses host commands from a member, and commands the round cannot take, in words', async () => {
    const r = await room();
    const member = await r.browsers.anna.post(r.path, { action: 'start', mode: 'roster', secondsEach: '60' });
    expect(member.statusCode).toBe(403);
    expect(visibleText(member.body)).toContain('Nur Gastgeberinnen und Gastgeber können die Runde steuern.');
    expect((await r.browsers.anna.post(r.path, { action: 'end' })).statusCode).toBe(403);
    const early = await r.browsers.host.post(r.path, { action: 'next' });
    expect(early.statusCode).toBe(409);
    expect(visibleText(early.body)).toContain('Die Runde hat noch nicht begonnen.');
    expect(await events(r.breakfastId)).toBe(0);
  });

  it('keeps strangers and other sites out', async () => {
    const r = await room();
    const other = await seedGroup(t.app.db);
    const stranger = await sessionBrowser(t.app, other.host.account.id);
    expect((await stranger.post(r.path, { action: 'end', confirmed: '1' })).statusCode).toBe(404);
    const crossSite = await r.browsers.host.post(r.path, { action: 'start', mode: 'roster', secondsEach: '60' }, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect((await new Browser(t.app).post(r.path, { action: 'next' })).statusCode).toBeGreaterThanOrEqual(300);
    expect(await events(r.breakfastId)).toBe(0);
  });
});
