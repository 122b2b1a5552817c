import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_RATE_LIMIT } from '../../server/feedback/routes.js';
import { randomToken } from '../../server/shared/tokens.js';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, GOOD_ANSWERS, seedReferral } from '../helpers/world/index.js';

describe('feedback links cannot be guessed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('200 random tokens from one address get only 404s, then 429s — never a page, not even for a real link', async () => {
    const seeded = await seedReferral(t);
    const guesser = new ClientBrowser(t.app, { 'accept-language': 'de-DE' });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const response = await guesser.get(`/f/${randomToken(32)}`);
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(visibleText(response.body)).toContain('Zu viele Versuche');
      }
    }
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBe(FEEDBACK_RATE_LIMIT.max);
    expect(statuses.slice(0, firstLimited).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);

    // Once limited, a right guess gets nothing either, by GET or by POST.
    expect((await guesser.get(seeded.path)).statusCode).toBe(429);
    expect((await guesser.post(seeded.path, GOOD_ANSWERS)).statusCode).toBe(429);
    expect(await countRows(t.database, 'feedback', 'referral_id = $1', [seeded.referralId])).toBe(0);

    // Another address is not affected.
    const client = new ClientBrowser(t.app);
    expect((await client.get(seeded.path)).statusCode).toBe(200);
  });

  it('GET and POST share one budget per address', async () => {
    const seeded = await seedReferral(t);
    const client = new ClientBrowser(t.app);
    for (let i = 0; i < FEEDBACK_RATE_LIMIT.max / 2; i++) {
      expect((await client.get(seeded.path)).statusCode).toBe(200);
      expect((await client.post(seeded.path, { contacted: 'yes' })).statusCode).toBe(400);
    }
    const limited = await client.post(seeded.path, GOOD_ANSWERS);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countRows(t.database, 'feedback', 'referral_id = $1', [seeded.referralId])).toBe(0);
  });
});
