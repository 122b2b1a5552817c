import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, profileForm, seedGroup, seedMember, WARUM } from '../helpers/world/index.js';

const PHONE = '+49 30 5550123';
const WEBSITE = 'https://anna-berger.example';

describe('who sees which profile', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Anna's profile (public or not), a colleague in her group, and a member of another group. */
  async function scene(options: { isPublic: boolean }) {
    const { group } = await seedGroup(t.app.db);
    const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
    const annaBrowser = await logIn(t.app, anna.email);
    const form = profileForm({ newTrade: 'Steuerberatung', phone: PHONE, website: WEBSITE, ...(options.isPublic ? { isPublic: 'on' } : {}) });
    expect((await annaBrowser.post('/profile/edit', form)).statusCode).toBe(303);
    const colleague = await seedMember(t.app.db, group.id, 'Ben Kollege');
    const other = await seedGroup(t.app.db);
    const outsider = await seedMember(t.app.db, other.group.id, 'Olga Fremd');
    return {
      anna,
      url: `/m/${anna.member.slug}`,
      annaBrowser,
      colleague: await logIn(t.app, colleague.email),
      outsider: await logIn(t.app, outsider.email),
      anonymous: new Browser(t.app),
    };
  }

  function expectContact(html: string, shown: boolean, email: string) {
    const text = visibleText(html);
    for (const detail of [PHONE, WEBSITE, email]) {
      if (shown) expect(text).toContain(detail);
      else expect(html).not.toContain(detail);
    }
  }

  it('members of the same group see the profile with contact details', async () => {
    const { anna, url, colleague } = await scene({ isPublic: false });
    const page = await colleague.get(url);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain(WARUM);
    expectContact(page.body, true, anna.email);
    expect(visibleText(page.body)).not.toContain('Profil bearbeiten');
  });

  it('a profile that is not public is 404 for anonymous visitors and other groups', async () => {
    const { url, anonymous, outsider } = await scene({ isPublic: false });
    for (const browser of [anonymous, outsider]) {
      const page = await browser.get(url);
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain('Anna Berger');
    }
    // The same answer as for a profile that does not exist: its existence is not revealed.
    const missing = await anonymous.get('/m/gibt-es-nicht');
    expect(visibleText((await anonymous.get(url)).body)).toBe(visibleText(missing.body));
  });

  it('a public profile is readable by anyone, but never with contact details', async () => {
    const { anna, url, anonymous, outsider, colleague } = await scene({ isPublic: true });
    for (const browser of [anonymous, outsider]) {
      const page = await browser.get(url);
      expect(page.statusCode).toBe(200);
      expect(visibleText(page.body)).toContain(WARUM);
      expect(visibleText(page.body)).toContain('Steuerberatung');
      expect(visibleText(page.body)).toContain('Kontaktdaten sehen nur Mitglieder der Gruppe.');
      expectContact(page.body, false, anna.email);
    }
    expectContact((await colleague.get(url)).body, true, anna.email);
  });

  it('an inactive member is shown to the group as no longer active, and hidden from everyone else', async () => {
    const { anna, url, anonymous, outsider, colleague } = await scene({ isPublic: true });
    await t.database.query('update members set active = false where id = $1', [anna.member.id]);
    const page = await colleague.get(url);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain('nicht mehr aktiv');
    expect((await anonymous.get(url)).statusCode).toBe(404);
    expect((await outsider.get(url)).statusCode).toBe(404);
  });

  it('the owner sees an edit link and whether the profile is public', async () => {
    const { url, annaBrowser } = await scene({ isPublic: false });
    const text = visibleText((await annaBrowser.get(url)).body);
    expect(text).toContain('Profil bearbeiten');
    expect(text).toContain('Dein Profil sehen nur Mitglieder deiner Gruppe.');
  });
});
