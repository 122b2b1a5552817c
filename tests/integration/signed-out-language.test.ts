import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { seedGroup } from '../helpers/world/index.js';

/** Signed-out pages speak the installation's group's language, whatever the browser asks for, with a visible switch. */
describe('the language of signed-out pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedGroup(t.app.db, { locale: 'en', name: 'Breakfast Club' });
  });
  afterAll(() => t?.close());

  it('shows the login and password pages in the group’s language to a German browser', async () => {
    const browser = new Browser(t.app, { 'accept-language': 'de-DE,de;q=0.9' });
    for (const [path, heading] of [
      ['/login', 'Log in'],
      ['/password/forgot', 'Forgot your password'],
    ] as const) {
      const page = await browser.get(path);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<html lang="en">');
      expect(visibleText(page.body)).toContain(heading);
      // The switch is a plain link in the header, not hidden behind a menu.
      expect(page.body).toMatch(/<a href="\?lang=de" lang="de" hreflang="de" class="language-switch">Deutsch<\/a>/);
      expect(page.body).not.toContain('class="site-menu"');
    }
  });

  it('follows the visitor’s choice once made, on every later page', async () => {
    const browser = new Browser(t.app, { 'accept-language': 'en-GB' });
    const chosen = await browser.get('/login?lang=de');
    expect(chosen.body).toContain('<html lang="de">');
    expect(visibleText(chosen.body)).toContain('Anmelden');
    const later = await browser.get('/password/forgot');
    expect(visibleText(later.body)).toContain('Passwort vergessen');
    expect(later.body).toContain('href="?lang=en"');
  });

  it('answers unknown pages in the group’s language too', async () => {
    const response = await new Browser(t.app, { 'accept-language': 'de-DE' }).get('/does-not-exist');
    expect(response.statusCode).toBe(404);
    expect(visibleText(response.body)).toContain('This page does not exist.');
  });
});
