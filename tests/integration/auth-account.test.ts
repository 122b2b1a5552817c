import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { PASSWORD, seedGroup, seedMember } from '../helpers/world/index.js';

const NEW_PASSWORD = 'ein ganz neues Passwort 456';

describe('account page and password change', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function loggedInMember() {
    const { group } = await seedGroup(t.app.db);
    const member = await seedMember(t.app.db, group.id, 'Paula Passwort');
    const browser = new Browser(t.app);
    await browser.login(member.email, PASSWORD);
    return { group, member, browser };
  }

  it('shows the name, the e-mail and the group', async () => {
    const { group, member, browser } = await loggedInMember();
    const page = await browser.get('/account');
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('Dein Konto');
    expect(text).toContain('Paula Passwort');
    expect(text).toContain(member.email);
    expect(text).toContain(group.name);
  });

  it('sends anonymous visitors to the login page', async () => {
    const response = await new Browser(t.app).get('/account');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Faccount');
  });

  it('a password change logs out every other session and keeps this browser logged in', async () => {
    const { member, browser } = await loggedInMember();
    const otherDevice = new Browser(t.app);
    await otherDevice.login(member.email, PASSWORD);
    expect((await otherDevice.get('/roster')).statusCode).toBe(200);

    const response = await browser.post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirm: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account?saved=password');

    const confirmation = await browser.get('/account?saved=password');
    expect(confirmation.statusCode).toBe(200);
    expect(visibleText(confirmation.body)).toContain('Dein Passwort ist geändert. Alle anderen Sitzungen sind beendet.');

    const other = await otherDevice.get('/roster');
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).toBe('/login?next=%2Froster');
    expect(await countRows(t.database, 'sessions', 'account_id = $1', [member.account.id])).toBe(1);

    const oldPassword = await new Browser(t.app).post('/login', { email: member.email, password: PASSWORD });
    expect(oldPassword.statusCode).toBe(400);
    await new Browser(t.app).login(member.email, NEW_PASSWORD);
  });

  it('a wrong current password is refused with a clear message and changes nothing', async () => {
    const { member, browser } = await loggedInMember();
    const otherDevice = new Browser(t.app);
    await otherDevice.login(member.email, PASSWORD);
    const hashBefore = await t.database.query<{ password_hash: string }>('select password_hash from accounts where id = $1', [member.account.id]);

    const response = await browser.post('/account/password', {
      currentPassword: 'das ist falsch geraten',
      newPassword: NEW_PASSWORD,
      newPasswordConfirm: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(400);
    expect(visibleText(response.body)).toContain('Das aktuelle Passwort stimmt nicht. Es wurde nichts geändert.');
    expect(response.body).not.toContain(NEW_PASSWORD);

    const hashAfter = await t.database.query<{ password_hash: string }>('select password_hash from accounts where id = $1', [member.account.id]);
    expect(hashAfter).toEqual(hashBefore);
    expect((await otherDevice.get('/roster')).statusCode).toBe(200);
    expect((await browser.get('/roster')).statusCode).toBe(200);
  });

  it('a short or mismatched new password gets a message per field', async () => {
    const { browser } = await loggedInMember();
    const response = await browser.post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'kurz',
      newPasswordConfirm: 'anders',
    });
    expect(response.statusCode).toBe(400);
    expect(visibleText(response.body)).toContain('Das Passwort braucht mindestens 10 Zeichen.');

    const mismatch = await browser.post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirm: `${NEW_PASSWORD}!`,
    });
    expect(mismatch.statusCode).toBe(400);
    expect(visibleText(mismatch.body)).toContain('Die beiden Passwörter stimmen nicht überein.');
    expect((await browser.get('/roster')).statusCode).toBe(200);
  });

  it('refuses a password change without a session', async () => {
    const response = await new Browser(t.app).post('/account/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      newPasswordConfirm: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(401);
  });
});
