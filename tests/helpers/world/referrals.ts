import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import { sql } from 'drizzle-orm';
import { createFeedbackRequest, hashFeedbackToken } from '../../../server/feedback/requests.js';
import { submitFeedback } from '../../../server/feedback/service.js';
import type { Locale } from '../../../server/shared/i18n.js';
import { type Browser, ORIGIN, type TestApp } from '../app.js';
import { logIn } from './clients.js';
import { giveTrade, seedGroup, seedMember } from './people.js';

/** How long before the test's "now" seeded links were issued: longer than the quick-answer signal's minute. */
export const LINK_AGE_MS = 2 * 60 * 1000;

export type SeedReferralOptions = {
  locale?: Locale;
  giverName?: string;
  receiverName?: string;
  topic?: string;
  clientName?: string | null;
  clientEmail?: string | null;
  clientPhone?: string | null;
  receiverWarum?: string;
  receiverPublic?: boolean;
};

/**
 * A group with a giver and a receiver, a client and a referral between them, and the referral's
 * feedback request, made the way the referrals capability makes them (raw inserts for the rows,
 * createFeedbackRequest for the link). Returns the giver's link.
 */
export async function seedReferral(t: TestApp, options: SeedReferralOptions = {}) {
  const { database, app } = t;
  const { group, host } = await seedGroup(app.db, { locale: options.locale ?? 'de' });
  const giver = await seedMember(app.db, group.id, options.giverName ?? 'Thomas Berger');
  const receiver = await seedMember(app.db, group.id, options.receiverName ?? 'Aylin Demir');
  await database.query('update members set warum = $1, is_public = $2 where id = $3', [
    options.receiverWarum ?? 'Ich baue Websites, die kleinen Betrieben echte Kundschaft bringen – ohne Baukasten-Einheitsbrei.',
    options.receiverPublic ?? false,
    receiver.member.id,
  ]);

  const more = await anotherReferral(t, { group, giver, receiver }, options);
  return { group, host, giver, receiver, ...more };
}

/** One more referral with its link between members already seeded (a giver's next client, say). */
export async function anotherReferral(
  t: TestApp,
  parties: { group: { id: string }; giver: { member: { id: string } }; receiver: { member: { id: string } } },
  options: Pick<SeedReferralOptions, 'topic' | 'clientName' | 'clientEmail' | 'clientPhone'> = {},
) {
  const { database, app } = t;
  const { group, giver, receiver } = parties;
  const now = t.clock.now();
  const [client] = await database.query<{ id: string }>('insert into clients (group_id, key_hash) values ($1, $2) returning id', [
    group.id,
    randomBytes(16).toString('hex'),
  ]);
  const [referral] = await database.query<{ id: string }>(
    `insert into referrals (group_id, giver_id, receiver_id, client_id, topic, need, warmth,
       client_name, client_email, client_phone, due_at, created_at)
     values ($1, $2, $3, $4, $5, $6, 4, $7, $8, $9, $10, $11) returning id`,
    [
      group.id,
      giver.member.id,
      receiver.member.id,
      client!.id,
      options.topic ?? 'Webdesign',
      'Eine neue Website für die Bäckerei',
      options.clientName === undefined ? 'Claudia Kundin' : options.clientName,
      options.clientEmail === undefined ? 'claudia@example.org' : options.clientEmail,
      options.clientPhone === undefined ? '+49 170 1234567' : options.clientPhone,
      // Raw parameters: the postgres driver takes timestamps as ISO strings, not Dates.
      new Date(now.getTime() + 2 * 24 * 3600 * 1000).toISOString(),
      now.toISOString(),
    ],
  );
  // Issued two minutes before "now": an answer right away is not one "within seconds of the link" (server/signals).
  const { token, path } = await createFeedbackRequest(app.db, referral!.id, new Date(now.getTime() - LINK_AGE_MS));
  return { clientId: client!.id, referralId: referral!.id, token, path };
}

/** A complete, valid answer as a browser posts it: contacted the same day, rating 5, would recommend, no comment. */
export const GOOD_ANSWERS: Record<string, string> = { contacted: 'yes', speed: 'same_day', rating: '5', recommend: 'yes', comment: '' };

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
  const [giver, receiving, thirdBrowser, stranger] = await Promise.all([
    logIn(t.app, host.email),
    logIn(t.app, receiver.email),
    logIn(t.app, third.email),
    logIn(t.app, other.host.email),
  ]);
  const browsers = { giver: giver!, receiver: receiving!, third: thirdBrowser!, stranger: stranger! };
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
  // The link counts as issued LINK_AGE_MS earlier, so a client answering in the same test is not
  // one answering "within seconds of the link" (server/signals). Element access reaches the app.
  await browser['app'].db.execute(
    sql`update feedback_requests set created_at = created_at - ${`${LINK_AGE_MS} milliseconds`}::interval where referral_id = ${id}::uuid`,
  );
  const page = await browser.get(location);
  const link = /id="feedback-link"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="feedback-link"/.exec(page.body);
  return { id, page, link: link?.[1] ?? link?.[2] ?? null };
}

/** The token at the end of a link the app showed (`/f/<token>`, `/invite/<token>`, …); throws when there is none. */
export function tokenFrom(link: string | null | undefined, prefix: string): string {
  const token = link ? new URL(link, ORIGIN).pathname.split(`${prefix}/`)[1] : undefined;
  if (!token) throw new Error(`no ${prefix} link in ${String(link)}`);
  return token;
}

export type FeedbackAnswers = Parameters<typeof submitFeedback>[2];

/** The client's feedback on a referral, through the feedback service: by default a good experience, no comment. */
export async function giveFeedback(db: Db, token: string, now: Date, overrides: Partial<FeedbackAnswers> = {}) {
  const answers = { contacted: true, contactSpeed: 'same_day', rating: 5, wouldRecommend: true, comment: '', commentPublic: false, ...overrides } as FeedbackAnswers;
  // A link given through the form a moment ago: issued LINK_AGE_MS earlier, so the answer is not one
  // "within seconds of the link" (server/signals), which would hold it back for a host's review.
  const hash = hashFeedbackToken(token);
  await db.execute(
    sql`update feedback_requests set created_at = least(created_at, ${new Date(now.getTime() - LINK_AGE_MS).toISOString()}::timestamptz)
        where token_hash = ${hash} or mail_token_hash = ${hash}`,
  );
  const result = await submitFeedback(db, token, answers, now);
  if (result !== 'received') throw new Error(`feedback not received: ${String(result)}`);
  return result;
}

