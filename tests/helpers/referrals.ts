import type { Database } from '../../db/client.js';
import { Browser, type TestApp } from './app.js';
import { PASSWORD, seedGroup, seedMember } from './seed.js';

/** Gives a member a trade of their group (creating the trade if needed). */
export async function giveTrade(database: Database, groupId: string, memberId: string, name: string) {
  const [trade] = await database.query<{ id: string }>(
    `insert into trades (group_id, name) values ($1, $2)
     on conflict (group_id, lower(name)) do update set name = excluded.name returning id`,
    [groupId, name],
  );
  await database.query(`insert into member_trades (member_id, trade_id, status) values ($1, $2, 'active')`, [memberId, trade!.id]);
}

let address = 0;

/**
 * A browser from its own address, so the per-address login limit stays out of the way. Needs an
 * app made with `createTestApp({ trustProxy: true })`.
 */
export function newBrowser(t: TestApp) {
  address++;
  return new Browser(t.app, { 'x-forwarded-for': `10.30.${Math.floor(address / 250)}.${address % 250}` });
}

/**
 * A group with a giver (the host), a receiver who practises Steuerberatung and a third member,
 * plus a second group with one member: everyone a referral test needs, each logged in.
 */
export async function seedCircle(t: TestApp) {
  const db = t.app.db;
  const { group, host } = await seedGroup(db);
  const receiver = await seedMember(db, group.id, 'Rita Rechner');
  const third = await seedMember(db, group.id, 'Theo Dritter');
  await giveTrade(t.database, group.id, receiver.member.id, 'Steuerberatung');
  const other = await seedGroup(db);
  const browsers = {
    giver: newBrowser(t),
    receiver: newBrowser(t),
    third: newBrowser(t),
    stranger: newBrowser(t),
  };
  await Promise.all([
    browsers.giver.login(host.email, PASSWORD),
    browsers.receiver.login(receiver.email, PASSWORD),
    browsers.third.login(third.email, PASSWORD),
    browsers.stranger.login(other.host.email, PASSWORD),
  ]);
  return { group, giver: host, receiver, third, other, browsers };
}

export type Circle = Awaited<ReturnType<typeof seedCircle>>;

export function referralForm(receiverId: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    receiver: receiverId,
    topic: 'Steuerberatung',
    clientName: 'Klara Kundin',
    clientEmail: 'klara@example.org',
    clientPhone: '',
    need: 'Braucht Hilfe bei der Umsatzsteuer-Voranmeldung für ihr neues Café.',
    warmth: '4',
    consent: 'on',
    ...overrides,
  };
}

/** Gives a referral through the form and opens the confirmation page; returns its id and the client's link. */
export async function giveReferral(browser: Browser, form: Record<string, string>) {
  const created = await browser.post('/referrals/new', form);
  if (created.statusCode !== 303) throw new Error(`giving failed: ${created.statusCode}\n${created.body.slice(0, 500)}`);
  const location = String(created.headers.location);
  const id = /^\/referrals\/([0-9a-f-]{36})\/link$/.exec(location)?.[1];
  if (!id) throw new Error(`unexpected redirect ${location}`);
  const page = await browser.get(location);
  const link = /id="feedback-link"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="feedback-link"/.exec(page.body);
  return { id, page, link: link?.[1] ?? link?.[2] ?? null };
}
