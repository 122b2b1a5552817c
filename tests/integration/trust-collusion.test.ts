import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTrustEvents, type TrustEventInput } from '../../server/ledger/append.js';
import { createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, seedGroup, seedMember } from '../helpers/world/index.js';

/**
 * Collusion resistance as a member sees it (rule version 2, server/trust/collusion.ts): a ring of
 * three who refer each other and answer 5 stars scores less than members who got the same
 * referrals and answers from givers they never referred back.
 */
describe('a ring of three on the trust page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Two referrals giver → receiver, each answered 5 stars through the client's mailbox. */
  function twoReferrals(giverId: string, receiverId: string): TrustEventInput[] {
    return [1, 2].flatMap((): TrustEventInput[] => {
      const about = { memberId: receiverId, giverId, clientId: randomUUID(), referralId: randomUUID(), topic: 'Steuerberatung', occurredAt: t.clock.now() };
      return [
        { kind: 'referral_given', ...about },
        { kind: 'feedback', ...about, rating: 5, verification: 'mailbox' },
      ];
    });
  }

  const scoreOn = (page: string) => Number(/Vertrauenswert (\d+) von 100/.exec(page)?.[1]);

  it('gains less than the same referrals from three independent givers, and says why on each line', async () => {
    const { group, host } = await seedGroup(t.app.db);
    const [a, b, c, x1, x2, x3, g1, g2, g3] = await Promise.all(
      ['Ada Ring', 'Ben Ring', 'Cem Ring', 'Xaver Eins', 'Xenia Zwei', 'Xia Drei', 'Gina Eins', 'Gero Zwei', 'Gabi Drei'].map((name) => seedMember(t.app.db, group.id, name)),
    );
    await t.app.db.transaction((tx) =>
      appendTrustEvents(tx, group.id, [
        ...twoReferrals(a!.member.id, b!.member.id),
        ...twoReferrals(b!.member.id, c!.member.id),
        ...twoReferrals(c!.member.id, a!.member.id),
        ...twoReferrals(g1!.member.id, x1!.member.id),
        ...twoReferrals(g2!.member.id, x2!.member.id),
        ...twoReferrals(g3!.member.id, x3!.member.id),
      ]),
    );
    const viewer = await logIn(t.app, host.email);
    const page = async (m: { member: { slug: string } }) => visibleText((await viewer.get(`/m/${m.member.slug}/trust`)).body);

    const ring = await Promise.all([a, b, c].map(async (m) => scoreOn(await page(m!))));
    const independent = await Promise.all([x1, x2, x3].map(async (m) => scoreOn(await page(m!))));
    // Independent: two pieces from one giver, R = √2 → Wilson(√2, √2) = 34. The ring: each link
    // has m = 2 mutual referrals, so R = √2 × 1 / (1 + (2 / 1.5)²) = 0.509 → 16.
    expect(independent).toEqual([34, 34, 34]);
    expect(ring).toEqual([16, 16, 16]);
    for (const r of ring) expect(r).toBeLessThan(independent[0]!);

    const ben = await page(b!);
    expect(ben).toContain('Kundin oder Kunde bestätigt Ergebnis (5 von 5), Empfehlung von Ada Ring, Thema Steuerberatung, heute: +0,25 (von 2 Empfehlungen derselben Person: Gewicht 0,71; gegenseitige Empfehlungen (2): gedämpft ×0,36)');
    const english = visibleText((await viewer.get(`/m/${b!.member.slug}/trust?lang=en`)).body);
    expect(english).toContain('mutual referrals (2): damped ×0.36');

    // The directory's aggregates are folded by the same rule: Ben's stored R is the page's.
    const [row] = await t.database.query<{ positive_scaled: number }>(
      `select positive_scaled from member_topic_stats where member_id = $1 and topic = ''`,
      [b!.member.id],
    );
    const epochFactor = 2 ** (-(t.clock.now().getTime() - Date.parse('2024-01-01T00:00:00Z')) / 86_400_000 / 365);
    expect(row!.positive_scaled * epochFactor).toBeCloseTo(Math.SQRT2 * 0.36, 6);
  });
});
