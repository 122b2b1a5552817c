import sharp from 'sharp';
import { freePort } from '../../scripts/lib/server-process.js';
import { buildApp } from '../../server/app.js';
import { createSession, SESSION_COOKIE } from '../../server/auth/session.js';
import { createDraftsFromPledges } from '../../server/referrals/drafts.js';
import { testConfig } from '../../server/config.js';
import { savePhoto } from '../../server/members/photos.js';
import { todayIn } from '../../server/one-to-ones/service.js';
import { Browser, ORIGIN, type TestApp, testClock } from './app.js';
import { planBreakfast } from './breakfasts.js';
import { openTestDatabase } from './database.js';
import { insertBreakfast, insertGuest } from './live.js';
import { profileForm } from './profile.js';
import { giveReferral, referralForm } from './referrals.js';
import { ClientBrowser, GOOD_ANSWERS } from './seed-referral.js';
import { PASSWORD, seedGroup, seedMember } from './seed.js';

/**
 * A realistic group for the browser suites that look at every page (accessibility, keyboard):
 * a host, members with full profiles and a photo, referrals (one open with its client's feedback
 * link, one the client answered), a pledge draft, an open invitation, a password link, a trade
 * request, a planned breakfast with its guest link and a registered guest, and a breakfast
 * happening now for the live room.
 */

export type ListeningApp = TestApp & { baseUrl: string; routes: { method: string; url: string }[] };

/** The real app on a free port; every route it registers is listed (from Fastify's onRoute hook). */
export async function startListedServer(): Promise<ListeningApp> {
  const { database, asOwner, dispose } = await openTestDatabase();
  // A real browser checks cookie expiry against the real time, so this app's clock starts now.
  const clock = testClock(new Date());
  // The browser's Origin must be PUBLIC_URL (the CSRF check), so the port is chosen first.
  const port = await freePort();
  const routes: { method: string; url: string }[] = [];
  const app = await buildApp({
    config: testConfig({ trustProxy: true, port, publicUrl: new URL(`http://127.0.0.1:${port}`) }),
    database,
    clock: clock.now,
    logger: false,
    onRoute: (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    },
  });
  await app.ready();
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    database,
    clock,
    asOwner,
    routes,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

let address = 0;
/** An in-process browser from its own address (the login and link limits count per address). */
function injectBrowser(t: TestApp): Browser {
  address++;
  return new Browser(t.app, { 'x-forwarded-for': `10.88.${Math.floor(address / 250)}.${address % 250}` });
}

async function signedIn(t: TestApp, email: string): Promise<Browser> {
  const browser = injectBrowser(t);
  await browser.login(email, PASSWORD);
  return browser;
}

function tokenFrom(link: string | null | undefined, prefix: string): string {
  const token = link ? new URL(link, ORIGIN).pathname.split(`${prefix}/`)[1] : undefined;
  if (!token) throw new Error(`no ${prefix} link in ${String(link)}`);
  return token;
}

export type A11yFixture = Awaited<ReturnType<typeof seedA11yFixture>>;

export async function seedA11yFixture(t: TestApp) {
  const db = t.app.db;
  const now = t.clock.now();
  const { group, host } = await seedGroup(db, { name: 'Unternehmerkreis Lindenau' });
  const people = {
    host,
    giver: await seedMember(db, group.id, 'Paula Peters'),
    receiver: await seedMember(db, group.id, 'Petra Schneider'),
    member: await seedMember(db, group.id, 'Mia Wagner'),
    tara: await seedMember(db, group.id, 'Tara Vogel'),
  };
  const browsers = {
    host: await signedIn(t, host.email),
    giver: await signedIn(t, people.giver.email),
    receiver: await signedIn(t, people.receiver.email),
    member: await signedIn(t, people.member.email),
  };

  // Full profiles with a trade each; Paula's is public and has a photo.
  const trades = { host: 'Moderation', giver: 'Steuerberatung', receiver: 'Webdesign', member: 'Fotografie' } as const;
  for (const role of ['host', 'giver', 'receiver', 'member'] as const) {
    const saved = await browsers[role].post('/profile/edit', profileForm({ newTrade: trades[role], ...(role === 'giver' ? { isPublic: 'on' } : {}) }));
    if (saved.statusCode !== 303) throw new Error(`profile of ${role}: ${saved.statusCode}`);
  }
  const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#b5542f' } }).png().toBuffer();
  await savePhoto(db, people.giver.member.id, { mimetype: 'image/png', bytes: png }, now);

  // Tara asks for a trade that is taken: a request for the host to decide.
  const [web] = await t.database.query<{ id: string }>("select id from trades where group_id = $1 and name = 'Webdesign'", [group.id]);
  const tara = await signedIn(t, people.tara.email);
  await tara.post('/profile/edit', profileForm({ trades: [web!.id], requestAnyway: 'on' }));

  // Paula gives Petra two referrals; the client of the second answers (with a public comment).
  const open = await giveReferral(
    browsers.giver,
    referralForm(people.receiver.member.id, { topic: 'Webdesign', clientName: 'Claudia Kundin', clientEmail: 'claudia@example.org' }),
  );
  const answered = await giveReferral(
    browsers.giver,
    referralForm(people.receiver.member.id, { topic: 'Webdesign', clientName: 'Ralf Richter', clientEmail: 'ralf@example.org' }),
  );
  const answeredToken = tokenFrom(answered.link, '/f');
  const client = new ClientBrowser(t.app);
  const feedback = await client.post(`/f/${answeredToken}`, { ...GOOD_ANSWERS, comment: 'Schnell, freundlich und sehr kompetent.', consent: 'on' });
  if (feedback.statusCode !== 200) throw new Error(`feedback: ${feedback.statusCode}`);
  // Petra has called the first client: the referral page shows a timeline.
  await browsers.receiver.post(`/referrals/${open.id}/status`, { to: 'contacted' });

  // The host's links: an open invitation and a password link for Mia.
  const invited = await browsers.host.post('/host/invitations', { email: 'neu@example.org' });
  const invitationLink = /id="f-link"[^>]*value="([^"]+)"/.exec(invited.body)?.[1];
  const reset = await browsers.host.post(`/host/members/${people.member.member.id}/reset-link`, {});
  const resetLink = /id="f-reset-link"[^>]*>([^<]+)</.exec(reset.body)?.[1];

  // A planned breakfast with its guest link and a registered guest; Paula pledged a referral there.
  const planned = await planBreakfast(browsers.host);
  await browsers.giver.post(`/breakfasts/${planned.id}/rsvp`, { answer: 'yes' });
  const guest = await insertGuest(t.database, planned.id, 'Gisela Gast', 'Catering');
  await db.transaction((tx) =>
    createDraftsFromPledges(
      tx,
      {
        groupId: group.id,
        breakfastId: planned.id,
        pledges: [{ giverMemberId: people.giver.member.id, receiverMemberId: people.receiver.member.id, note: 'Kundin sucht eine neue Website' }],
      },
      now,
    ),
  );
  // One-to-ones: Paula asked Petra for one, and met Mia (logged, waiting for Mia to confirm).
  const asked = await browsers.giver.post('/one-to-ones/request', { partner: people.receiver.member.id });
  const logged = await browsers.giver.post('/one-to-ones', {
    partner: people.member.member.id,
    metOn: todayIn(now),
    durationMinutes: '60',
    note: 'Über Kundschaft im Handwerk gesprochen.',
  });
  if (asked.statusCode !== 303 || logged.statusCode !== 303) throw new Error(`one-to-ones: ${asked.statusCode} ${logged.statusCode}`);
  const [oneToOne] = await t.database.query<{ id: string }>('select id from one_to_ones where partner_id = $1', [people.member.member.id]);

  // An event of Petra's trust ledger the host may correct: the first correction link on her trust page.
  const trustPage = await browsers.host.get(`/m/${people.receiver.member.slug}/trust`);
  const trustEventId = /\/trust\/correct\/([0-9a-f-]{36})/.exec(trustPage.body)?.[1];
  if (!trustEventId) throw new Error("no correction link on Petra's trust page for the host");

  // A breakfast happening now: the live room.
  const live = await insertBreakfast(t.database, group.id, host.member.id, now);

  return {
    group,
    people,
    browsers,
    referral: { id: open.id, token: tokenFrom(open.link, '/f') },
    answered: { id: answered.id, token: answeredToken },
    invitationToken: tokenFrom(invitationLink, '/invite'),
    resetToken: tokenFrom(resetLink, '/password/reset'),
    breakfasts: { planned: { id: planned.id, guestToken: planned.guestToken! }, live: { id: live } },
    guestCookie: guest.token,
    oneToOne: { id: oneToOne!.id },
    trustEventId,
  };
}

/** A fresh session cookie for an account, for a real browser's context (no log-in form, no rate limit). */
export async function sessionCookie(t: ListeningApp, accountId: string) {
  const { token } = await createSession(t.app.db, accountId, t.clock.now());
  return { name: SESSION_COOKIE, value: token, url: t.baseUrl };
}
