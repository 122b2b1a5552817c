import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { PASSWORD, seedGroup, seedMember } from '../helpers/world/index.js';

const NEW_PASSWORD = 'mein neues langes Passwort';
const HOUR_MS = 60 * 60 * 1000;

/** The reset path from the newest mail to this address, read from the outbox as a recipient would. */
async function resetPathFromOutbox(t: TestApp, email: string): Promise<string> {
  const [mail] = await t.database.query<{ body: string }>(
    'select body from outbox where recipient = $1 order by created_at desc limit 1',
    [email],
  );
  const match = mail?.body.match(/\/password\/reset\/[a-z0-9]{32}/);
  if (!match) throw new Error(`no reset link mailed to ${email}`);
  return match[0];
}

describe('password reset with mail configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The sender only runs while the server listens; inject never does, so no mail leaves the test.
    // Each browser comes from its own address so the per-address rate limits stay out of the way.
    t = await createTestApp({ smtpUrl: 'smtp://localhost:2525', trustProxy: true });
  });
  afterAll(() => t.close());

  let address = 0;
  const newBrowser = () => new Browser(t.app, { 'x-forwarded-for': `10.20.${Math.floor(++address / 250)}.${address % 250}` });

  async function memberWithSession(locale: 'de' | 'en' = 'de') {
    const { group } = await seedGroup(t.app.db, { locale });
    const member = await seedMember(t.app.db, group.id, 'Rita Reset');
    const oldDevice = newBrowser();
    await oldDevice.login(member.email, PASSWORD);
    return { group, member, oldDevice };
  }

  async function requestLink(email: string) {
    const response = await newBrowser().post('/password/forgot', { email });
    expect(response.statusCode).toBe(200);
    return response;
  }

  it('mails a link that sets a new password, ends old sessions and logs the user in', async () => {
    const { group, member, oldDevice } = await memberWithSession();
    const answer = await requestLink(member.email);
    expect(visibleText(answer.body)).toContain(`Wenn es zu ${member.email} ein Konto gibt, ist jetzt ein Link unterwegs.`);

    const [mail] = await t.database.query<{ subject: string; status: string; group_id: string }>(
      'select subject, status, group_id from outbox where recipient = $1',
      [member.email],
    );
    expect(mail).toMatchObject({ status: 'pending', group_id: group.id, subject: `Neues Passwort für Kreis – ${group.name}` });

    const path = await resetPathFromOutbox(t, member.email);
    const browser = newBrowser();
    const form = await browser.get(path);
    expect(form.statusCode).toBe(200);
    expect(visibleText(form.body)).toContain('Neues Passwort festlegen');

    const done = await browser.post(path, { newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account?saved=password');
    expect((await browser.get('/roster')).statusCode).toBe(200);
    expect((await oldDevice.get('/roster')).statusCode).toBe(303);

    expect((await newBrowser().post('/login', { email: member.email, password: PASSWORD })).statusCode).toBe(400);
    await newBrowser().login(member.email, NEW_PASSWORD);
  });

  it('answers an unknown address exactly like a known one and mails nothing', async () => {
    const { member } = await memberWithSession();
    const known = visibleText((await requestLink(member.email)).body).replace(member.email, 'X');
    const unknownEmail = `nobody-${Date.now()}@example.org`;
    const unknown = visibleText((await requestLink(unknownEmail)).body).replace(unknownEmail, 'X');
    expect(unknown).toBe(known);
    expect(await countRows(t.database, 'outbox', 'recipient = $1', [unknownEmail])).toBe(0);
  });

  it('writes the mail in the language of the group', async () => {
    const { group, member } = await memberWithSession('en');
    await requestLink(member.email);
    const [mail] = await t.database.query<{ subject: string; body: string }>('select subject, body from outbox where recipient = $1', [
      member.email,
    ]);
    expect(mail?.subject).toBe(`New password for Kreis – ${group.name}`);
    expect(mail?.body).toContain('Hello Rita Reset,');
    expect(mail?.body).toContain('http://localhost:3000/password/reset/');
  });

  it('stores only a hash of the token', async () => {
    const { member } = await memberWithSession();
    await requestLink(member.email);
    const token = (await resetPathFromOutbox(t, member.email)).split('/').pop()!;
    const rows = await t.database.query('select * from password_resets where account_id = $1', [member.account.id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('a link older than one hour is expired (410) and sets nothing', async () => {
    const { member } = await memberWithSession();
    await requestLink(member.email);
    const path = await resetPathFromOutbox(t, member.email);
    t.clock.advance(HOUR_MS + 1000);
    const page = await newBrowser().get(path);
    expect(page.statusCode).toBe(410);
    expect(visibleText(page.body)).toContain('Dieser Link ist abgelaufen.');
    const post = await newBrowser().post(path, { newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
    expect(post.statusCode).toBe(410);
    await newBrowser().login(member.email, PASSWORD);
  });

  it('a link works only once (410 the second time)', async () => {
    const { member } = await memberWithSession();
    await requestLink(member.email);
    const path = await resetPathFromOutbox(t, member.email);
    const first = await newBrowser().post(path, { newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
    expect(first.statusCode).toBe(303);

    const again = await newBrowser().post(path, { newPassword: 'noch ein anderes Passwort', newPasswordConfirm: 'noch ein anderes Passwort' });
    expect(again.statusCode).toBe(410);
    expect(visibleText(again.body)).toContain('Dieser Link wurde schon benutzt.');
    expect((await newBrowser().get(path)).statusCode).toBe(410);
    await newBrowser().login(member.email, NEW_PASSWORD);
  });

  it('two simultaneous submissions of one link: exactly one wins', async () => {
    const { member } = await memberWithSession();
    await requestLink(member.email);
    const path = await resetPathFromOutbox(t, member.email);
    const [a, b] = await Promise.all([
      newBrowser().post(path, { newPassword: 'erstes neues Passwort', newPasswordConfirm: 'erstes neues Passwort' }),
      newBrowser().post(path, { newPassword: 'zweites neues Passwort', newPasswordConfirm: 'zweites neues Passwort' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([303, 410]);
  });

  it('an unknown or malformed link is a 404 with a way forward', async () => {
    const unknown = await newBrowser().get(`/password/reset/${'a'.repeat(32)}`);
    expect(unknown.statusCode).toBe(404);
    expect(visibleText(unknown.body)).toContain('Diesen Link kennen wir nicht.');
    expect(visibleText(unknown.body)).toContain('Neuen Link anfordern');
    expect((await newBrowser().get('/password/reset/not-a-token')).statusCode).toBe(404);
    const post = await newBrowser().post('/password/reset/x', { newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
    expect(post.statusCode).toBe(404);
  });

  it('a bad new password re-renders the form and keeps the link usable', async () => {
    const { member } = await memberWithSession();
    await requestLink(member.email);
    const path = await resetPathFromOutbox(t, member.email);
    const bad = await newBrowser().post(path, { newPassword: 'kurz', newPasswordConfirm: 'kurz' });
    expect(bad.statusCode).toBe(400);
    expect(visibleText(bad.body)).toContain('Das Passwort braucht mindestens 10 Zeichen.');
    expect((await newBrowser().get(path)).statusCode).toBe(200);
  });

  it('a password change closes links that were still open', async () => {
    const { member, oldDevice } = await memberWithSession();
    await requestLink(member.email);
    const path = await resetPathFromOutbox(t, member.email);
    await oldDevice.post('/account/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
    expect((await newBrowser().get(path)).statusCode).toBe(410);
  });

  it('an invalid e-mail gets a field message, not the neutral answer', async () => {
    const response = await newBrowser().post('/password/forgot', { email: 'keine-adresse' });
    expect(response.statusCode).toBe(400);
    expect(visibleText(response.body)).toContain('Bitte gib eine gültige E-Mail-Adresse an.');
  });
});

describe('password reset without mail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('explains to ask a host and mails nothing', async () => {
    const { group } = await seedGroup(t.app.db);
    const member = await seedMember(t.app.db, group.id);
    const page = await new Browser(t.app).get('/password/forgot');
    expect(visibleText(page.body)).toContain('Bitte frag eine Gastgeberin oder einen Gastgeber deiner Gruppe:');
    expect(page.body).not.toContain('name="email"');

    const post = await new Browser(t.app).post('/password/forgot', { email: member.email });
    expect(post.statusCode).toBe(200);
    expect(visibleText(post.body)).toContain('Bitte frag eine Gastgeberin oder einen Gastgeber deiner Gruppe:');
    expect(await countRows(t.database, 'outbox')).toBe(0);
    expect(await countRows(t.database, 'password_resets')).toBe(0);
  });
});
