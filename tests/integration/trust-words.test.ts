import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTrustEvents, type TrustEventInput } from '../../server/ledger/append.js';
import { createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { giveTrade, logIn, seedGroup, seedMember } from '../helpers/world/index.js';

const DAY = 86_400_000;

const text = (html: string) => visibleText(html).replace(/[\u00a0\u202f]/g, ' ');

describe('the trust page in plain words', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /**
   * Rita Rechner, a tax adviser (the group's trade "Steuerberatung"), with seven clients who
   * confirmed good work in the last year (five through their mailbox, two through the link shared
   * by hand), one missed deadline, one good answer from more than a year ago, and — as a giver —
   * five satisfied clients of six.
   */
  async function rita() {
    const { group, host } = await seedGroup(t.app.db);
    const member = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
    await giveTrade(t.database, group.id, member.member.id, 'Steuerberatung');
    const now = t.clock.now().getTime();
    const about = (fields: Partial<TrustEventInput>): TrustEventInput => ({
      kind: 'feedback',
      verification: 'mailbox',
      memberId: member.member.id,
      giverId: anna.member.id,
      clientId: randomUUID(),
      referralId: randomUUID(),
      topic: 'steuerberatung',
      rating: 5,
      occurredAt: new Date(now - 20 * DAY),
      ...fields,
    });
    await t.app.db.transaction((tx) =>
      appendTrustEvents(tx, group.id, [
        about({ rating: 5, occurredAt: new Date(now - 400 * DAY) }),
        ...Array.from({ length: 7 }, (_, i) => about({ rating: i % 2 ? 4 : 5, verification: i < 5 ? 'mailbox' : 'shared' })),
        about({ kind: 'response_overdue', rating: null, verification: undefined, occurredAt: new Date(now - 5 * DAY) }),
        ...Array.from({ length: 6 }, (_, i) =>
          about({ kind: 'referrer_feedback', memberId: member.member.id, giverId: member.member.id, rating: i === 0 ? 2 : 5, topic: 'webdesign' }),
        ),
      ]),
    );
    return { group, host, rita: member, anna };
  }

  it('tells the score at the top, with verification badges, in German and English', async () => {
    const w = await rita();
    const viewer = await logIn(t.app, w.host.email);
    const page = await viewer.get(`/m/${w.rita.member.slug}/trust`);
    expect(page.statusCode).toBe(200);
    const shown = text(page.body);
    const sentences = [
      '7 Kundinnen und Kunden haben im letzten Jahr gute Arbeit in Steuerberatung bestätigt. 5 über das Postfach der Kundschaft bestätigt 2 von Hand weitergegeben',
      '1 Kundin oder Kunde wurde nicht rechtzeitig kontaktiert.',
      'Empfehlungen von Rita Rechner: 5 von 6 Kundinnen und Kunden waren zufrieden.',
    ];
    for (const sentence of sentences) expect(shown).toContain(sentence);
    // At the top: before the score card.
    expect(shown.indexOf('In Worten')).toBeLessThan(shown.indexOf('Vertrauenswert'));
    expect(shown.indexOf(sentences[2]!)).toBeLessThan(shown.indexOf('Vertrauenswert'));

    const english = text((await viewer.get(`/m/${w.rita.member.slug}/trust?lang=en`)).body);
    expect(english).toContain("7 clients confirmed good work in Steuerberatung in the last year. 5 confirmed by the client's mailbox 2 shared by hand");
    expect(english).toContain('1 client was not contacted in time.');
    expect(english).toContain("Rita Rechner's referrals: 5 of 6 clients were satisfied.");

    // Rita on her own page: "Deine Empfehlungen".
    const own = text((await (await logIn(t.app, w.rita.email)).get(`/m/${w.rita.member.slug}/trust`)).body);
    expect(own).toContain('Deine Empfehlungen: 5 von 6 Kundinnen und Kunden waren zufrieden.');
  });

  it('keeps the formula, the ledger and the moves behind a closed "So wird es berechnet", open when all entries are asked for', async () => {
    const w = await rita();
    const viewer = await logIn(t.app, w.host.email);
    const body = (await viewer.get(`/m/${w.rita.member.slug}/trust`)).body;
    const details = /<details class="card trust-how"( open)?>\s*<summary[^>]*>([^<]*)<\/summary>([\s\S]*?)<\/details>/.exec(body);
    expect(details).not.toBeNull();
    expect(details![1]).toBeUndefined();
    expect(details![2]).toBe('So wird es berechnet');
    const inside = text(details![3]!);
    expect(inside).toContain('Was den Wert bewegen würde');
    expect(inside).toContain('Vertrauensbuch');
    expect(inside).toContain('Der Wert ist 100 × die untere Grenze des Wilson-Intervalls');
    // Nothing of it outside the disclosure.
    expect(text(body.replace(details![0], ''))).not.toContain('Wilson-Intervalls');

    const all = (await viewer.get(`/m/${w.rita.member.slug}/trust?all=1`)).body;
    expect(all).toContain('<details class="card trust-how" open>');
    const english = (await viewer.get(`/m/${w.rita.member.slug}/trust?lang=en`)).body;
    expect(english).toMatch(/<summary[^>]*>How it is computed<\/summary>/);
  });

  it('says "no score yet" for a member without feedback', async () => {
    const { group, host } = await seedGroup(t.app.db);
    const newcomer = await seedMember(t.app.db, group.id, 'Nina Neu');
    const viewer = await logIn(t.app, host.email);
    const shown = text((await viewer.get(`/m/${newcomer.member.slug}/trust`)).body);
    expect(shown).toContain('Noch kein Wert: Bisher hat keine Kundin und kein Kunde eine Rückmeldung zu Nina Neu gegeben.');
    const english = text((await viewer.get(`/m/${newcomer.member.slug}/trust?lang=en`)).body);
    expect(english).toContain('No score yet: no client has given feedback on Nina Neu so far.');
  });
});
