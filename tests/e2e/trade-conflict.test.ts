import { describe, expect, it } from 'vitest';
import { browserSuite, logInPage } from '../helpers/browser.js';
import { giveTrade, seedGroup, seedMember } from '../helpers/world/index.js';

const WARUM = 'Weil Zahlen erst dann helfen, wenn man sie versteht – ich übersetze sie in Entscheidungen.';

describe('one seat per trade, in a browser', () => {
  const suite = browserSuite();

  it('a second tax adviser is warned by name, requests anyway, and the host allows the exception', async () => {
    const { group, host } = await seedGroup(suite.server.app.db);
    const anna = await seedMember(suite.server.app.db, group.id, 'Anna Berger');
    await giveTrade(suite.server.database, group.id, anna.member.id, 'Steuerberatung');
    const carla = await seedMember(suite.server.app.db, group.id, 'Carla Christ');

    // Carla picks the trade Anna already holds.
    const page = await logInPage(suite, carla.email);
    await page.goto(`${suite.server.baseUrl}/profile/edit`);
    await page.fill('#f-warum', WARUM);
    const tax = page.getByRole('checkbox', { name: /Steuerberatung/ });
    expect(await page.locator('.trade-options').textContent()).toContain('vergeben an Anna Berger');
    await tax.check();
    await page.click('form[action="/profile/edit"] button[type=submit]');

    // The warning names the colleague (the same address answers, so wait for the warning itself).
    const warning = page.locator('.alert--warn[role=alert]');
    await warning.waitFor();
    expect((await warning.innerText()).replace(/\s+/g, ' ')).toContain(
      'Steuerberatung hat in eurer Gruppe bereits Anna Berger. Pro Gewerk gibt es einen Platz; eine Ausnahme können die Gastgeberinnen und Gastgeber erlauben.',
    );
    expect(await page.inputValue('#f-warum')).toBe(WARUM);
    expect(await tax.isChecked()).toBe(true);

    // She requests it anyway: the profile is saved, the trade waits for the hosts.
    await page.getByLabel('Trotzdem beantragen – die Gastgeberinnen und Gastgeber entscheiden').check();
    await Promise.all([page.waitForURL(/\/m\/[^/?]+\?saved=1$/), page.click('form[action="/profile/edit"] button[type=submit]')]);
    expect(await page.locator('.alert--warn').innerText()).toBe('Wartet auf Entscheidung der Gastgeberinnen und Gastgeber: Steuerberatung');
    expect(await page.locator('.trades').count()).toBe(0);

    // The host sees the request and allows it as an exception.
    const hostPage = await logInPage(suite, host.email);
    await hostPage.goto(`${suite.server.baseUrl}/host/trades`);
    const request = hostPage.locator('.admin-list__item', { hasText: 'Carla Christ' });
    expect((await request.innerText()).replace(/\s+/g, ' ')).toContain('Schon besetzt von Anna Berger');
    await Promise.all([hostPage.waitForURL('**/host/trades?done=allow'), request.getByRole('button', { name: 'Als Ausnahme zulassen' }).click()]);
    expect(await hostPage.locator('.alert--ok').innerText()).toBe('Zugelassen. Das Gewerk steht jetzt im Profil.');
    expect(await hostPage.locator('.admin-list__item').count()).toBe(0);

    // On Carla's profile the trade is now hers, and nothing waits any more.
    await page.goto(`${suite.server.baseUrl}/m/${carla.member.slug}`);
    expect(await page.locator('.profile .trades').innerText()).toBe('Steuerberatung');
    expect(await page.locator('.alert--warn').count()).toBe(0);
  });
});
