import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTrustEvents, type TrustEventInput } from '../../server/ledger/append.js';
import { trustSummary } from '../../server/trust/service.js';
import { typicalOutcome, wilsonLowerBound } from '../../server/trust/wilson.js';
import { createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { xmlProblem } from '../helpers/well-formed.js';
import { logIn, seedGroup, seedMember } from '../helpers/world/index.js';

const DAY = 86_400_000;

/** Visible text with no-break spaces as plain ones ("82 %" is written with U+00A0 by Intl). */
const text = (html: string) => visibleText(html).replace(/[\u00a0\u202f]/g, ' ');

describe('the trust page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A group with Rita (whose trust we look at), Anna Berger (who refers to her) and a viewer. */
  async function circle() {
    const { group, host } = await seedGroup(t.app.db);
    const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
    const viewer = await logIn(t.app, host.email);
    return { group, host, rita, anna, viewer };
  }

  async function append(groupId: string, events: TrustEventInput[]) {
    return t.app.db.transaction((tx) => appendTrustEvents(tx, groupId, events));
  }

  /** A client's rated feedback on one of Anna's referrals to Rita, answered through the client's mailbox (full weight). */
  function feedback(c: Awaited<ReturnType<typeof circle>>, rating: number, fields: Partial<TrustEventInput> = {}): TrustEventInput {
    return {
      kind: 'feedback',
      verification: 'mailbox',
      memberId: c.rita.member.id,
      giverId: c.anna.member.id,
      clientId: randomUUID(),
      referralId: randomUUID(),
      topic: 'Steuerberatung',
      rating,
      occurredAt: t.clock.now(),
      ...fields,
    };
  }

  it('says "noch keine Bestätigungen" without evidence, never a score of 0', async () => {
    const c = await circle();
    // A referral alone is a trust advance: shown, not scored.
    await append(c.group.id, [
      { kind: 'referral_given', memberId: c.rita.member.id, giverId: c.anna.member.id, topic: 'Steuerberatung', occurredAt: t.clock.now() },
    ]);
    const page = await c.viewer.get(`/m/${c.rita.member.slug}/trust`);
    expect(page.statusCode).toBe(200);
    const shown = text(page.body);
    expect(shown).toContain('Vertrauenswert noch keine Bestätigungen');
    expect(shown).not.toMatch(/\b0 von 100\b/);
    expect(shown).toContain('Empfehlung von Anna Berger erhalten (Vertrauensvorschuss), Thema Steuerberatung, heute: wird gezeigt, nicht gewertet');
    expect(shown).toContain('Das erste bestätigte Ergebnis (5 von 5) →');
  });

  it('shows the Wilson score of a 5 and a 4, the topic, and one line per event in German and English', async () => {
    const c = await circle();
    await append(c.group.id, [feedback(c, 5), feedback(c, 4)]);
    // Fresh events: no decay. q = 5 → r 1, s 0; q = 4 → r ¾, s ¼. Both are Anna's referrals, so by
    // the same-giver √ law (rule version 2) R = √(1² + ¾²) = 1.25, each r × 1.25 / 1.75 = 0.714.
    const R = Math.sqrt(1 + 0.75 ** 2);
    const N = R + 0.25;
    const expected = Math.round(100 * wilsonLowerBound(R, N));
    const typical = Math.round(100 * typicalOutcome(R, N));

    const page = await c.viewer.get(`/m/${c.rita.member.slug}/trust`);
    const shown = text(page.body);
    expect(shown).toContain(`Vertrauenswert ${expected} von 100 typisches Ergebnis: ${typical} % zufrieden noch wenig bestätigt`);
    expect(shown).toContain('verschiedene Kundinnen und Kunden 2 verschiedene Empfehlende 1');
    expect(shown).toMatch(/Nach Thema Thema Wert Steuerberatung \d+ typisches Ergebnis: \d+ % zufrieden noch wenig bestätigt/);
    expect(shown).toContain(
      'Kundin oder Kunde bestätigt Ergebnis (4 von 5), Empfehlung von Anna Berger, Thema Steuerberatung, heute: +0,54 / −0,25 (von 2 Empfehlungen derselben Person: Gewicht 0,71)',
    );
    expect(shown).toContain(
      'Kundin oder Kunde bestätigt Ergebnis (5 von 5), Empfehlung von Anna Berger, Thema Steuerberatung, heute: +0,71 (von 2 Empfehlungen derselben Person: Gewicht 0,71)',
    );
    // Newest first: the 4 was appended last.
    expect(shown.indexOf('(4 von 5)')).toBeLessThan(shown.indexOf('(5 von 5), Empfehlung'));
    expect(shown).toMatch(/weitere bestätigte Ergebnisse \(5 von 5\) → \d+|1 weiteres bestätigtes Ergebnis \(5 von 5\) → \d+/);
    expect(shown).toMatch(/1 negatives Ergebnis \(1 von 5 oder „nie kontaktiert“\) → \d+/);
    expect(shown).toContain('Gute Belege R = 1,3, schlechte S = 0,3, zusammen N = 1,5.');

    const english = text((await c.viewer.get(`/m/${c.rita.member.slug}/trust?lang=en`)).body);
    expect(english).toContain(`Trust score ${expected} of 100 typical outcome: ${typical}% satisfied`);
    expect(english).toContain(
      'Client confirmed the outcome (4 of 5), referred by Anna Berger, topic Steuerberatung, today: +0.54 / −0.25 (one of 2 referrals from the same giver: weight 0.71)',
    );
  });

  it('lets old evidence fade: a year later the contribution is half', async () => {
    const c = await circle();
    await append(c.group.id, [feedback(c, 5)]);
    const before = text((await c.viewer.get(`/m/${c.rita.member.slug}/trust`)).body);
    expect(before).toContain('Kundin oder Kunde bestätigt Ergebnis (5 von 5), Empfehlung von Anna Berger, Thema Steuerberatung, heute: +1,00');

    t.clock.advance(365 * DAY);
    // The session would have expired over a year: log in again.
    const later = await logIn(t.app, c.host.email);
    const after = text((await later.get(`/m/${c.rita.member.slug}/trust`)).body);
    expect(after).toContain('Kundin oder Kunde bestätigt Ergebnis (5 von 5), Empfehlung von Anna Berger, Thema Steuerberatung, vor 12 Monaten: +0,50');
    expect(after).toContain(`Vertrauenswert ${Math.round(100 * wilsonLowerBound(0.5, 0.5))} von 100`);
  });

  it('explains the 30-day rule and reversals', async () => {
    const c = await circle();
    const client = randomUUID();
    const start = t.clock.now().getTime();
    const [first] = await append(c.group.id, [feedback(c, 5, { clientId: client, occurredAt: new Date(start - 20 * DAY) })]);
    await append(c.group.id, [feedback(c, 2, { clientId: client, occurredAt: new Date(start - 10 * DAY) })]);
    const held = text((await c.viewer.get(`/m/${c.rita.member.slug}/trust`)).body);
    expect(held).toMatch(
      /Kundin oder Kunde bestätigt Ergebnis \(2 von 5\), Empfehlung von Anna Berger, Thema Steuerberatung, vor 10 Tagen: zählt nicht: dieselbe Kundin oder derselbe Kunde zählt nur einmal in 30 Tagen \(schon gezählt am \d+\. \S+ \d{4}\)/,
    );

    await append(c.group.id, [{ kind: 'reversal', memberId: c.rita.member.id, reversesId: first!.id, occurredAt: new Date(start - DAY) }]);
    const reversed = text((await c.viewer.get(`/m/${c.rita.member.slug}/trust`)).body);
    // The reversal cancels exactly what its target adds today: 1 × 2^(−20/365) = 0,96.
    const weight = (2 ** (-20 / 365)).toFixed(2).replace('.', ',');
    expect(reversed).toMatch(new RegExp(`Korrektur: Eintrag vom \\d+\\. \\S+ \\d{4} aufgehoben, Thema Steuerberatung, vor 1 Tag: −${weight}`));
    expect(reversed).toMatch(
      new RegExp(`Kundin oder Kunde bestätigt Ergebnis \\(5 von 5\\), [^:]*, vor 2 Wochen: \\+${weight} – aufgehoben durch Korrektur vom \\d+\\. \\S+ \\d{4}`),
    );
    // The only counted outcome is cancelled, and the held-back one stays held back: no evidence.
    expect(reversed).toContain('Vertrauenswert noch keine Bestätigungen');
  });

  it('shows the referrer accuracy with the receiver named, and never client data', async () => {
    const c = await circle();
    const otherReceiver = await seedMember(t.app.db, c.group.id, 'Theo Tischler');
    const [client] = await t.database.query<{ id: string }>('insert into clients (group_id, key_hash) values ($1, $2) returning id', [
      c.group.id,
      randomUUID(),
    ]);
    const [referral] = await t.database.query<{ id: string }>(
      `insert into referrals (group_id, giver_id, receiver_id, client_id, topic, need, warmth, client_name, client_email, due_at)
       values ($1, $2, $3, $4, 'Tischlerei', 'Ein neuer Esstisch', 3, 'Claudia Geheim', 'claudia@example.org', now()) returning id`,
      [c.group.id, c.rita.member.id, otherReceiver.member.id, client!.id],
    );
    await append(c.group.id, [
      { kind: 'referrer_feedback', memberId: c.rita.member.id, referralId: referral!.id, clientId: client!.id, topic: 'Tischlerei', rating: 5, occurredAt: t.clock.now() },
    ]);
    const page = await c.viewer.get(`/m/${c.rita.member.slug}/trust`);
    const shown = text(page.body);
    // No verification recorded: read as shared by hand, at half weight.
    expect(shown).toContain('Empfehlung an Theo Tischler: Kundin oder Kunde bestätigt Ergebnis (5 von 5), Thema Tischlerei, heute: +0,50 von Hand weitergegeben');
    expect(shown).toMatch(/Treffsicherheit beim Empfehlen .* \d+ von 100/);
    expect(page.body).not.toContain('Claudia');
    expect(page.body).not.toContain('claudia@example.org');
    expect(page.body).not.toContain(client!.id);
  });

  it('draws a well-formed, accessible SVG chart with a table of its values and no inline styles', async () => {
    const c = await circle();
    await append(c.group.id, [feedback(c, 5, { occurredAt: new Date(t.clock.now().getTime() - 90 * DAY) }), feedback(c, 4)]);
    const page = await c.viewer.get(`/m/${c.rita.member.slug}/trust`);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page.body)?.[0] ?? '';
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/<title id="trust-chart-title">[^<]+<\/title>/);
    expect(svg).toMatch(/<desc id="trust-chart-desc">[^<]+<\/desc>/);
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toMatch(/<path class="trust-chart__line" d="M[\d.]+ [\d.]+ L/);
    // 13 monthly points: 12 months back and today; the table says the same as the picture.
    expect(page.body.match(/<tr><th scope="row">/g)).toHaveLength(13);
    expect(page.body).not.toMatch(/\sstyle=/);
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)/);
  });

  it('is for members of the same group only', async () => {
    const c = await circle();
    const url = `/m/${c.rita.member.slug}/trust`;
    const other = await seedGroup(t.app.db);
    const stranger = await logIn(t.app, other.host.email);
    expect((await stranger.get(url)).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    expect((await c.viewer.get('/m/NOT_A_SLUG/trust')).statusCode).toBe(404);
    expect((await c.viewer.get('/m/nobody-here/trust')).statusCode).toBe(404);
  });

  it('offers the CSV export on the own page only', async () => {
    const c = await circle();
    const own = await logIn(t.app, c.rita.email);
    expect((await own.get(`/m/${c.rita.member.slug}/trust`)).body).toContain(`href="/m/${c.rita.member.slug}/trust.csv"`);
    const other = await c.viewer.get(`/m/${c.rita.member.slug}/trust`);
    expect(other.statusCode).toBe(200);
    expect(visibleText(other.body)).toContain('Rita Rechner');
    expect(other.body).not.toContain('trust.csv');
  });

  it('gives the profile a one-query summary that the partial renders', async () => {
    const c = await circle();
    const empty = await trustSummary(t.app.db, c.rita.member.id, t.clock.now());
    expect(empty).toMatchObject({ score: null, hasScore: false, confirmedOutcomes: 0, distinctClients: 0, distinctGivers: 0 });

    await append(c.group.id, [feedback(c, 5), feedback(c, 4)]);
    const summary = await trustSummary(t.app.db, c.rita.member.id, t.clock.now());
    expect(summary).toEqual({
      // Both from Anna: R = √(1² + ¾²) = 1.25, S = ¼ (same-giver √ law, rule version 2).
      score: Math.round(100 * wilsonLowerBound(1.25, 1.5)),
      hasScore: true,
      typicalPercent: Math.round(100 * typicalOutcome(1.25, 1.5)),
      evidence: 'little',
      confirmedOutcomes: 2,
      distinctClients: 2,
      distinctGivers: 1,
    });

    const html = await t.app.view('partials/trust-summary', { locale: 'de', trust: summary, slug: c.rita.member.slug });
    const shown = text(html);
    expect(shown).toContain(`Vertrauen ${summary.score} von 100 typisches Ergebnis: ${summary.typicalPercent} % zufrieden noch wenig bestätigt`);
    expect(shown).toContain('bestätigte Ergebnisse 2 verschiedene Kundinnen und Kunden 2 verschiedene Empfehlende 1');
    expect(html).toContain(`href="/m/${c.rita.member.slug}/trust"`);
    const none = text(await t.app.view('partials/trust-summary', { locale: 'en', trust: empty, slug: 'x' }));
    expect(none).toContain('Trust no confirmations yet');
  });

  it('the profile page shows the trust summary next to the Warum, to the group only', async () => {
    const c = await circle();
    const before = text((await c.viewer.get(`/m/${c.rita.member.slug}`)).body);
    expect(before).toContain('noch keine Bestätigungen');
    await append(c.group.id, [feedback(c, 5)]);
    const after = await c.viewer.get(`/m/${c.rita.member.slug}`);
    const expected = Math.round(100 * wilsonLowerBound(1, 1));
    expect(text(after.body)).toMatch(new RegExp(`${expected} von 100`));
    expect(after.body).toContain(`href="/m/${c.rita.member.slug}/trust"`);
    await t.database.query('update members set is_public = true where id = $1', [c.rita.member.id]);
    const anonymous = await t.app.inject({ url: `/m/${c.rita.member.slug}` });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).not.toContain('/trust"');
  });
});
