import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTrustEvents, type TrustEventInput } from '../../server/ledger/append.js';
import { formatsFor } from '../../server/shared/format.js';
import { roundScore } from '../../server/trust/score.js';
import { trustQueries } from '../../server/trust/queries.js';
import { scoreMember } from '../../server/trust/score.js';
import { verifyLedger } from '../../server/ledger/verify.js';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, seedGroup, seedMember } from '../helpers/world/index.js';

const DAY = 86_400_000;

/**
 * A host corrects (reverses) an event in the ledger of a member of their group: one reversal
 * event plus a trust_corrections row, in one transaction; the member is told; the ledger stays
 * append-only and verifiable. Everything else is refused and changes nothing.
 */
describe('trust corrections by hosts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Hanna (host), Harald (second host), Rita (member with a ledger), Anna (member); a stranger host elsewhere. */
  async function circle() {
    const { group, host } = await seedGroup(t.app.db);
    const second = await seedMember(t.app.db, group.id, 'Harald Zweithost', 'host');
    const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
    const other = await seedGroup(t.app.db);
    const event = (fields: Partial<TrustEventInput>): TrustEventInput => ({
      kind: 'feedback',
      memberId: rita.member.id,
      giverId: anna.member.id,
      clientId: randomUUID(),
      referralId: randomUUID(),
      topic: 'Steuerberatung',
      rating: 5,
      occurredAt: new Date(t.clock.now().getTime() - 10 * DAY),
      ...fields,
    });
    const [good, mixed, advance, overdue, hostsOwn] = await t.app.db.transaction((tx) =>
      appendTrustEvents(tx, group.id, [
        event({ rating: 5 }),
        event({ rating: 3, occurredAt: new Date(t.clock.now().getTime() - 5 * DAY) }),
        event({ kind: 'referral_given', rating: null, clientId: null }),
        event({ kind: 'response_overdue', rating: null, clientId: null, giverId: null }),
        event({ memberId: host.member.id, rating: 4 }),
      ]),
    );
    return { group, host, second, rita, anna, other, events: { good: good!, mixed: mixed!, advance: advance!, overdue: overdue!, hostsOwn: hostsOwn! } };
  }
  type Circle = Awaited<ReturnType<typeof circle>>;

  const correctUrl = (c: Circle, eventId: string, slug = c.rita.member.slug) => `/m/${slug}/trust/correct/${eventId}`;

  /** Everything a correction writes: a refusal must leave all of it alone. */
  async function writes(c: Circle) {
    return {
      events: await countRows(t.database, 'trust_events', 'group_id = $1', [c.group.id]),
      corrections: await countRows(t.database, 'trust_corrections'),
      notifications: await countRows(t.database, 'notifications', 'member_id = $1', [c.rita.member.id]),
    };
  }

  it('a host reverses a feedback: the score drops back exactly, the line names host and reason, the member is told, the ledger verifies', async () => {
    const c = await circle();
    const hanna = await logIn(t.app, c.host.email);
    const trustUrl = `/m/${c.rita.member.slug}/trust`;

    const before = await hanna.get(trustUrl);
    expect(before.body).toContain(`href="${correctUrl(c, c.events.good.id)}"`);
    const confirm = await hanna.get(correctUrl(c, c.events.good.id));
    expect(confirm.statusCode).toBe(200);
    const confirmText = visibleText(confirm.body);
    expect(confirmText).toContain('Kundin oder Kunde bestätigt Ergebnis (5 von 5), Empfehlung von Anna Berger');
    expect(confirmText).toContain('Die Rückmeldung kam nicht von der Kundschaft selbst');

    const done = await hanna.post(correctUrl(c, c.events.good.id), { reason: 'duplicate' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${trustUrl}#h-ledger`);

    // One reversal in the ledger, ids only; the reason and the host in trust_corrections.
    const [reversal] = await t.database.query<{ id: string; member_id: string; topic: string; reverses_id: string }>(
      `select id, member_id, topic, reverses_id from trust_events where kind = 'reversal' and group_id = $1`,
      [c.group.id],
    );
    expect(reversal).toMatchObject({ member_id: c.rita.member.id, topic: 'steuerberatung', reverses_id: c.events.good.id });
    const [correction] = await t.database.query<{ reversed_by: string; reason: string }>(
      'select reversed_by, reason from trust_corrections where reversal_event_id = $1',
      [reversal!.id],
    );
    expect(correction).toEqual({ reversed_by: c.host.member.id, reason: 'duplicate' });

    // Exactly as the scorer says: the same score as if the feedback had never been there.
    const now = t.clock.now();
    const events = await trustQueries(t.app.db).eventsAbout(c.rita.member.id);
    const withReversal = scoreMember(events, c.rita.member.id, now).overall;
    const without = scoreMember(
      events.filter((e) => e.id !== c.events.good.id && e.id !== reversal!.id),
      c.rita.member.id,
      now,
    ).overall;
    expect(withReversal.R).toBeCloseTo(without.R, 12);
    expect(withReversal.S).toBeCloseTo(without.S, 12);
    const wasScore = roundScore(scoreMember(events.filter((e) => e.id !== reversal!.id), c.rita.member.id, now).overall.score);
    const after = visibleText((await hanna.get(trustUrl)).body);
    expect(after).toContain(`Vertrauenswert ${roundScore(withReversal.score)} von 100`);
    expect(roundScore(withReversal.score)).not.toBe(wasScore);
    const date = formatsFor('de').date(c.events.good.occurredAt);
    expect(after).toContain(`Korrektur durch ${c.host.account.name} (doppelt erfasst): hebt Eintrag vom ${date} auf`);
    expect(after).toContain('aufgehoben durch Korrektur vom');

    // Rita is told, and her CSV names the reason.
    const rita = await logIn(t.app, c.rita.email);
    const notifications = await rita.get('/notifications');
    expect(visibleText(notifications.body)).toContain('Eine Gastgeberin oder ein Gastgeber hat einen Eintrag in deinem Vertrauensbuch korrigiert');
    expect(notifications.body).toContain(`href="${trustUrl}"`);
    const csv = await rita.get(`${trustUrl}.csv`);
    expect(csv.body).toContain('(Grund: doppelt erfasst)');

    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();
  });

  it('only another host of the group sees "Korrigieren"; the cached page never mixes them up', async () => {
    const c = await circle();
    const url = `/m/${c.rita.member.slug}/trust`;
    const hanna = await logIn(t.app, c.host.email);
    const anna = await logIn(t.app, c.anna.email);
    const rita = await logIn(t.app, c.rita.email);
    const link = `href="${correctUrl(c, c.events.good.id)}"`;

    const asHost = await hanna.get(url);
    const asMember = await anna.get(url);
    const asHostAgain = await hanna.get(url);
    const asOwner = await rita.get(url);
    expect(asHost.body).toContain(link);
    expect(asHostAgain.body).toContain(link);
    expect(asMember.statusCode).toBe(200);
    expect(asMember.body).not.toContain('/trust/correct/');
    expect(asOwner.body).not.toContain('/trust/correct/');
    // Only counted, unreversed, scored events get a link: never the advance.
    expect(asHost.body).toContain(`href="${correctUrl(c, c.events.overdue.id)}"`);
    expect(asHost.body).not.toContain(correctUrl(c, c.events.advance.id));
    // A host's own page has none (another host must correct it).
    expect((await hanna.get(`/m/${c.host.member.slug}/trust`)).body).not.toContain('/trust/correct/');
  });

  it('refuses its own ledger, a reversal, an advance and an already reversed event with 409, and changes nothing', async () => {
    const c = await circle();
    const hanna = await logIn(t.app, c.host.email);
    const harald = await logIn(t.app, c.second.email);
    expect((await hanna.post(correctUrl(c, c.events.overdue.id), { reason: 'unfair_penalty' })).statusCode).toBe(303);
    const [reversal] = await t.database.query<{ id: string }>(`select id from trust_events where kind = 'reversal' and group_id = $1`, [c.group.id]);
    const before = await writes(c);

    const cases = [
      { browser: hanna, url: correctUrl(c, c.events.hostsOwn.id, c.host.member.slug), message: 'Dein eigenes Vertrauensbuch kannst du nicht korrigieren.' },
      { browser: harald, url: correctUrl(c, reversal!.id), message: 'Eine Korrektur lässt sich nicht aufheben.' },
      { browser: harald, url: correctUrl(c, c.events.advance.id), message: 'Vertrauensvorschuss' },
      { browser: harald, url: correctUrl(c, c.events.overdue.id), message: 'Dieser Eintrag ist schon aufgehoben.' },
    ];
    for (const { browser, url, message } of cases) {
      const page = await browser.get(url);
      expect(page.statusCode, url).toBe(409);
      expect(visibleText(page.body), url).toContain(message);
      expect(page.body, url).not.toContain('<select');
      const posted = await browser.post(url, { reason: 'entered_by_mistake' });
      expect(posted.statusCode, url).toBe(409);
      expect(visibleText(posted.body), url).toContain(message);
    }
    // Harald may correct Hanna's own ledger.
    expect((await harald.get(correctUrl(c, c.events.hostsOwn.id, c.host.member.slug))).statusCode).toBe(200);
    expect(await writes(c)).toEqual(before);
  });

  it('answers 404 for another group, an unknown or foreign event; 403 for members; 400 without a reason — nothing written', async () => {
    const c = await circle();
    const hanna = await logIn(t.app, c.host.email);
    const anna = await logIn(t.app, c.anna.email);
    const rita = await logIn(t.app, c.rita.email);
    const stranger = await logIn(t.app, c.other.host.email);
    const before = await writes(c);

    for (const url of [
      correctUrl(c, randomUUID()),
      correctUrl(c, 'not-a-uuid'),
      // Hanna's own event under Rita's address: not in Rita's ledger.
      correctUrl(c, c.events.hostsOwn.id),
      correctUrl(c, c.events.good.id, 'niemand-hier'),
    ]) {
      expect((await hanna.get(url)).statusCode, url).toBe(404);
      expect((await hanna.post(url, { reason: 'duplicate' })).statusCode, url).toBe(404);
    }
    const url = correctUrl(c, c.events.good.id);
    expect((await stranger.get(url)).statusCode).toBe(404);
    expect((await stranger.post(url, { reason: 'duplicate' })).statusCode).toBe(404);
    for (const member of [anna, rita]) {
      expect((await member.get(url)).statusCode).toBe(403);
      expect((await member.post(url, { reason: 'duplicate' })).statusCode).toBe(403);
    }
    for (const body of [{}, { reason: 'weil ich es sage' }] as Record<string, string>[]) {
      const bad = await hanna.post(url, body);
      expect(bad.statusCode).toBe(400);
      expect(visibleText(bad.body)).toContain('Bitte wähle einen Grund aus der Liste.');
    }
    expect(await writes(c)).toEqual(before);
  });

  it('two hosts reversing the same event at once: exactly one reversal', async () => {
    const c = await circle();
    const hanna = await logIn(t.app, c.host.email);
    const harald = await logIn(t.app, c.second.email);
    const url = correctUrl(c, c.events.mixed.id);
    const answers = await Promise.all([hanna.post(url, { reason: 'duplicate' }), harald.post(url, { reason: 'not_genuine' })]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([303, 409]);
    expect(await countRows(t.database, 'trust_events', 'reverses_id = $1', [c.events.mixed.id])).toBe(1);
    expect(await countRows(t.database, 'notifications', `member_id = $1 and kind = 'trust_corrected'`, [c.rita.member.id])).toBe(1);
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();
  });
});
