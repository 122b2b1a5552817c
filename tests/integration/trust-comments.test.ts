import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitFeedback } from '../../server/feedback/service.js';
import { createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, seedMember, seedReferral } from '../helpers/world/index.js';

describe('comments clients share with the group', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const answers = (comment: string, commentPublic: boolean) => ({
    contacted: true,
    contactSpeed: 'same_day' as const,
    rating: 5,
    wouldRecommend: true,
    comment,
    commentPublic,
  });

  it('appear on the trust page for the group with consent only, without the client', async () => {
    const shared = await seedReferral(t, { clientName: 'Claudia Kundin' });
    await submitFeedback(t.app.db, shared.token, answers('Schnell, freundlich und kompetent – gerne wieder!', true), t.clock.now());
    const colleague = await seedMember(t.app.db, shared.group.id, 'Kim Kollegin');
    const browser = await logIn(t.app, colleague.email);
    const page = visibleText((await browser.get(`/m/${shared.receiver.member.slug}/trust`)).body);
    expect(page).toContain('Schnell, freundlich und kompetent – gerne wieder!');
    expect(page).toContain('5 von 5');
    expect(page).not.toContain('Claudia Kundin');
  });

  it('stay with giver and receiver without consent', async () => {
    const privateOne = await seedReferral(t);
    await submitFeedback(t.app.db, privateOne.token, answers('Nur für Thomas und Aylin gedacht.', false), t.clock.now());
    const colleague = await seedMember(t.app.db, privateOne.group.id, 'Kim Kollegin');
    const browser = await logIn(t.app, colleague.email);
    const page = visibleText((await browser.get(`/m/${privateOne.receiver.member.slug}/trust`)).body);
    expect(page).not.toContain('Nur für Thomas und Aylin gedacht.');
    expect(page).toContain('Noch keine Kommentare, die Kundinnen und Kunden mit der Gruppe teilen wollten.');
  });
});
