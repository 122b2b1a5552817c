import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { LiveClient, memberCookie, wsUrl } from '../helpers/live.js';
import { insertBreakfast, insertGuest, seedGroup, seedMember } from '../helpers/world/index.js';

describe('the live room over real WebSockets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t?.close());

  /** A group with a host and two members, a breakfast, and everyone's cookie. */
  async function room() {
    const { group, host } = await seedGroup(t.app.db);
    const anna = await seedMember(t.app.db, group.id, 'Anna Arndt');
    const bert = await seedMember(t.app.db, group.id, 'Bert Brandt');
    const breakfastId = await insertBreakfast(t.database, group.id, host.member.id);
    const url = wsUrl(t.app, breakfastId);
    const cookies = {
      host: await memberCookie(t.app, host.account.id),
      anna: await memberCookie(t.app, anna.account.id),
      bert: await memberCookie(t.app, bert.account.id),
    };
    return { group, host, anna, bert, breakfastId, url, cookies };
  }

  /** Connects and waits for the first state, which comes once the attendee is recorded present. */
  async function enter(url: string, cookie: string) {
    const client = await LiveClient.connect(url, cookie);
    await client.waitForState(() => true);
    return client;
  }

  it('two attendees receive every change the host makes, in order', async () => {
    const r = await room();
    const host = await enter(r.url, r.cookies.host);
    const anna = await enter(r.url, r.cookies.anna);
    const bert = await enter(r.url, r.cookies.bert);

    host.command({ type: 'start', mode: 'roster', secondsEach: 30 });
    host.command({ type: 'next' });
    host.command({ type: 'pause' });
    host.command({ type: 'resume' });
    host.command({ type: 'extend', seconds: 15 });
    host.command({ type: 'next' });

    for (const attendee of [anna, bert]) {
      const last = await attendee.waitForState((m) => m.view.version === 6);
      expect(last.view.status).toBe('running');
      const versions = attendee.messages.flatMap((m) => (m.type === 'state' ? [(m as unknown as { view: { version: number } }).view.version] : []));
      expect(versions.filter((v) => v > 0)).toEqual([1, 2, 3, 4, 5, 6]);
    }
    // Roster order is by name: Anna, Bert, then the host; after two "next" the host speaks.
    const first = await anna.waitForState((m) => m.view.version === 1);
    expect(first.view.currentSpeakerId).toBe(r.anna.member.id);
    expect(first.view.nextSpeakerId).toBe(r.bert.member.id);
    expect(first.view.endsAt! - first.serverNow).toBe(30_000);
    expect(first.view.speakers).toEqual([r.anna.member.id, r.bert.member.id, r.host.member.id]);
    expect(anna.latestState()!.view.currentSpeakerId).toBe(r.host.member.id);
    // Later changes keep the order: its ids do not travel again, only who is done.
    expect(anna.latestState()!.view).toMatchObject({ slots: 'ddp', speakersKey: first.view.speakersKey });
    expect(anna.latestState()!.view).not.toHaveProperty('speakers');
    expect(await countRows(t.database, 'round_events', 'breakfast_id = $1', [r.breakfastId])).toBe(6);
    await Promise.all([host.close(), anna.close(), bert.close()]);
  });

  it("refuses a member's control command with not_host and changes nothing", async () => {
    const r = await room();
    const anna = await enter(r.url, r.cookies.anna);
    const from = anna.messages.length;
    anna.command({ type: 'start', mode: 'random', secondsEach: 60 });
    const refusal = await anna.waitFor((m) => m.type === 'error', from);
    expect(refusal).toMatchObject({ v: 2, type: 'error', code: 'not_host' });
    anna.command({ type: 'end' });
    await anna.waitFor((m) => m.type === 'error', from + 1);
    expect(await countRows(t.database, 'round_events', 'breakfast_id = $1', [r.breakfastId])).toBe(0);
    await anna.close();
  });

  it('answers a malformed message with an error and keeps the socket open', async () => {
    const r = await room();
    const anna = await enter(r.url, r.cookies.anna);
    let from = anna.messages.length;
    anna.send('{"v":1,"type":');
    expect(await anna.waitFor((m) => m.type === 'error', from)).toMatchObject({ code: 'malformed_json' });
    from = anna.messages.length;
    anna.send({ v: 3, type: 'sync' });
    expect(await anna.waitFor((m) => m.type === 'error', from)).toMatchObject({ code: 'wrong_version' });
    from = anna.messages.length;
    anna.send({ v: 2, type: 'pledge', note: 'x'.repeat(500) });
    expect(await anna.waitFor((m) => m.type === 'error', from)).toMatchObject({ code: 'invalid_payload' });
    from = anna.messages.length;
    anna.send({ v: 2, type: 'sync' });
    expect((await anna.waitForState(() => true, from)).view.status).toBe('waiting');
    expect(anna.socket.readyState).toBe(anna.socket.OPEN);
    await anna.close();
  });

  it('a reconnect mid-round, and a restarted server, show the same round at the same point', async () => {
    const r = await room();
    const host = await enter(r.url, r.cookies.host);
    let anna = await enter(r.url, r.cookies.anna);
    host.command({ type: 'start', mode: 'roster', secondsEach: 45 });
    host.command({ type: 'next' });
    const started = await anna.waitForState((m) => m.view.version === 1);
    const before = await anna.waitForState((m) => m.view.version === 2);
    await anna.close();

    anna = await LiveClient.connect(r.url, r.cookies.anna);
    anna.send({ v: 2, type: 'sync' });
    const after = await anna.waitForState(() => true);
    // The same round; a socket that just joined gets the speaking order's ids as well.
    expect(after.view.speakers).toEqual(started.view.speakers);
    expect({ ...after.view, speakers: undefined }).toEqual({ ...before.view, speakers: undefined });
    await anna.close();

    // A second server on the same database, as after a restart, folds the same events.
    const restarted = await buildApp({ config: testConfig(), database: t.database, clock: t.clock.now, logger: false });
    await restarted.listen({ port: 0, host: '127.0.0.1' });
    try {
      const again = await LiveClient.connect(wsUrl(restarted, r.breakfastId), r.cookies.anna);
      const state = await again.waitForState(() => true);
      expect(state.view).toEqual(after.view);
      await again.close();
    } finally {
      await restarted.close();
    }
    await host.close();
  });

  it('keeps strangers, other origins and guests of other breakfasts out of the socket', async () => {
    const r = await room();
    const other = await seedGroup(t.app.db);
    const stranger = await memberCookie(t.app, other.host.account.id);
    await expect(LiveClient.connect(r.url, stranger)).rejects.toThrow('upgrade refused: 404');
    await expect(LiveClient.connect(r.url, '')).rejects.toThrow(/upgrade refused: (401|303)/);
    await expect(LiveClient.connect(r.url, r.cookies.anna, 'https://evil.example')).rejects.toThrow('upgrade refused: 403');
    const otherBreakfast = await insertBreakfast(t.database, other.group.id, other.host.member.id);
    const guestElsewhere = await insertGuest(t.database, otherBreakfast, 'Gustav Gast');
    await expect(LiveClient.connect(r.url, guestElsewhere.cookie)).rejects.toThrow(/upgrade refused/);
    expect(await countRows(t.database, 'breakfast_attendance', 'breakfast_id = $1', [r.breakfastId])).toBe(0);
  });

  it('records attendance and shows everyone who is present, guests included', async () => {
    const r = await room();
    const guest = await insertGuest(t.database, r.breakfastId, 'Gisela Gast');
    const anna = await enter(r.url, r.cookies.anna);
    const gisela = await enter(r.url, guest.cookie);
    const presence = await anna.waitFor((m) => m.type === 'presence' && (m.online as string[]).length === 2);
    expect(new Set(presence.online as string[])).toEqual(new Set([r.anna.member.id, guest.id]));
    const rows = await t.database.query<{ attendee_id: string; kind: string; present: boolean }>(
      'select attendee_id, kind, present from breakfast_attendance where breakfast_id = $1 order by kind',
      [r.breakfastId],
    );
    expect(rows).toEqual([
      { attendee_id: guest.id, kind: 'guest', present: true },
      { attendee_id: r.anna.member.id, kind: 'member', present: true },
    ]);

    // The page, server-rendered, for a guest: the present list and no host controls.
    const page = await t.app.inject({ method: 'GET', url: `/breakfasts/${r.breakfastId}/live`, headers: { cookie: guest.cookie } });
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('Anwesend 2');
    expect(text).toContain('Gisela Gast');
    expect(page.body).not.toContain('id="live-controls"');
    expect(page.body).toMatch(/src="\/assets\/[0-9a-f]{12}\/js\/live-round\.js" defer/);

    await gisela.close();
    const left = await anna.waitFor((m) => m.type === 'presence' && (m.online as string[]).length === 1, 0);
    expect(left.online).toEqual([r.anna.member.id]);
    await anna.close();
  });

  it('renders the round on the server: the page shows the current state without a script', async () => {
    const r = await room();
    await t.database.query('update members set warum = $2, good_referral = $3 where id = $1', [
      r.anna.member.id,
      'Weil jedes Haus eine Geschichte erzählt.',
      'wer gerade ein altes Haus gekauft hat',
    ]);
    const host = await enter(r.url, r.cookies.host);
    const anna = await enter(r.url, r.cookies.anna);
    host.command({ type: 'start', mode: 'roster', secondsEach: 45 });
    await anna.waitForState((m) => m.view.version === 1);

    const asAnna = await new Browser(t.app, { cookie: r.cookies.anna }).get(`/breakfasts/${r.breakfastId}/live`);
    expect(asAnna.statusCode).toBe(200);
    const text = visibleText(asAnna.body.replace(/<div hidden id="live-cards">[\s\S]*?<\/div>\s*<ul hidden/, '<ul hidden'));
    expect(text).toContain('Vorstellungsrunde läuft');
    expect(text).toContain('Anna Arndt Warum Weil jedes Haus eine Geschichte erzählt. Eine gute Empfehlung für mich ist … wer gerade ein altes Haus gekauft hat');
    expect(text).toContain('0:45');
    expect(text).toContain(`Als Nächstes: ${r.host.account.name}`);
    expect(asAnna.body).toContain('<noscript>');
    expect(asAnna.body).not.toContain('id="live-controls"');
    expect(asAnna.body).not.toMatch(/<script(?![^>]*src=)/);

    const asHost = await new Browser(t.app, { cookie: r.cookies.host }).get(`/breakfasts/${r.breakfastId}/live`);
    expect(asHost.body).toContain('id="live-controls"');
    expect(visibleText(asHost.body)).toContain('Runde starten');
    await Promise.all([host.close(), anna.close()]);
  });

  it('pledges become drafts for the giver when the round ends; the summary shows them', async () => {
    const r = await room();
    const guest = await insertGuest(t.database, r.breakfastId, 'Gisela Gast');
    const host = await enter(r.url, r.cookies.host);
    const anna = await enter(r.url, r.cookies.anna);
    const bert = await enter(r.url, r.cookies.bert);
    const gisela = await enter(r.url, guest.cookie);

    host.command({ type: 'start', mode: 'guests_last', secondsEach: 60 });
    await bert.waitForState((m) => m.view.currentSpeakerId === r.anna.member.id);
    bert.send({ v: 2, type: 'pledge', note: 'Kenne jemanden\nmit Bedarf', forAttendeeId: r.anna.member.id });
    gisela.send({ v: 2, type: 'pledge', forAttendeeId: r.anna.member.id });
    bert.send({ v: 2, type: 'one_to_one', withAttendeeId: r.anna.member.id });
    await anna.waitForState((m) => (m.personal?.pledgesReceived.length ?? 0) === 2);
    // A second pledge for the same speaker is refused.
    const from = bert.messages.length;
    bert.send({ v: 2, type: 'pledge', forAttendeeId: r.anna.member.id });
    expect(await bert.waitFor((m) => m.type === 'error', from)).toMatchObject({ code: 'already_pledged' });

    host.command({ type: 'end' });
    await anna.waitForState((m) => m.view.status === 'ended');
    const drafts = await t.database.query<{ giver_id: string; receiver_id: string; note: string | null }>(
      'select giver_id, receiver_id, note from referral_drafts where breakfast_id = $1',
      [r.breakfastId],
    );
    // The guest's pledge has no referral list to land in; the member's does.
    expect(drafts).toEqual([{ giver_id: r.bert.member.id, receiver_id: r.anna.member.id, note: 'Kenne jemanden mit Bedarf' }]);

    const annaBrowser = new Browser(t.app, { cookie: r.cookies.anna });
    const summary = visibleText((await annaBrowser.get(`/breakfasts/${r.breakfastId}/summary`)).body);
    expect(summary).toContain('Empfehlungen für dich Bert Brandt – Kenne jemanden mit Bedarf Gisela Gast');
    expect(summary).toContain('Bert Brandt möchte ein 1:1 mit dir.');
    const bertSummary = visibleText((await new Browser(t.app, { cookie: r.cookies.bert }).get(`/breakfasts/${r.breakfastId}/summary`)).body);
    expect(bertSummary).toContain('Deine angekündigten Empfehlungen Anna Arndt – Kenne jemanden mit Bedarf');
    await Promise.all([host.close(), anna.close(), bert.close(), gisela.close()]);
  });
});
