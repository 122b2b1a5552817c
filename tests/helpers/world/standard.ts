import sharp from 'sharp';
import { GUEST_COOKIE } from '../../../server/breakfasts/guests.js';
import { savePhoto } from '../../../server/members/photos.js';
import type { Browser, TestApp } from '../app.js';
import { planBreakfast, pledgeDraft } from './breakfasts.js';
import { freshBrowser, logIn, sessionBrowser, sessionToken } from './clients.js';
import { insertOneToOne } from './one-to-ones.js';
import { type Person, seedGroup, seedMember } from './people.js';
import { profileForm } from './profiles.js';
import { giveFeedback, giveReferral, referralForm, tokenFrom } from './referrals.js';

/**
 * The standard world of the suites that visit every route (authorization, web security, fuzzing,
 * accessibility): two groups with everything a route can act on.
 *
 * Group A, "Kreis A": host Hanna; Paula (giver, PUBLIC profile, Steuerberatung), Petra (receiver,
 * PRIVATE profile, Webdesign), Mia (a plain member, Fotografie), spare members Sven and Tara (Tara
 * asks for both taken trades). Group B: host Olga. Everyone signed in has a profile with the
 * contact details of CONTACT; Paula and Petra have a photo.
 * Paula gave Petra four referrals: two open (CLIENT, SECOND_CLIENT), two answered by their clients
 * (PRIVATE_COMMENT kept between them, SHARED_COMMENT shared with the group). The host made an
 * invitation, one to revoke and a password link for Tara; planned a main breakfast (Gustav registered
 * through its guest link; Paula pledged a referral there: a draft) and a spare one. One-to-ones: Paula
 * asked Petra twice, logged two meetings with her (one with ONE_TO_ONE_NOTES), and Hanna asked Petra.
 */

export const SIGNED_IN = ['host', 'member', 'giver', 'receiver', 'otherGroup'] as const;
export type SignedInRole = (typeof SIGNED_IN)[number];

export const CLIENT = { clientName: 'Claudia Kundin-Vertraulich', clientEmail: 'claudia.vertraulich@example.org', clientPhone: '+49 171 2223344' };
export const SECOND_CLIENT = { clientName: 'Ralf Zweitkunde', clientEmail: 'ralf.zweitkunde@example.org', clientPhone: '+49 172 5556677' };
/** Each side's private note on a one-to-one: only the side that wrote it may ever see it. */
export const ONE_TO_ONE_NOTES = { giver: 'Paulas Notiz: Petra plant eine zweite Filiale', receiver: 'Petras Notiz: Paula sucht eine Nachfolge' };
/** Clients' comments: one kept between giver and receiver, one the client agreed to share with the group. */
export const PRIVATE_COMMENT = 'Unter uns: Rückruf kam erst nach drei Wochen, Angebot war trotzdem gut.';
export const SHARED_COMMENT = 'Gerne weiterempfohlen: pünktlich, klar und freundlich.';
export const CONTACT = {
  giver: { phone: '+49 30 1110001', website: 'https://paula-oeffentlich.example' },
  receiver: { phone: '+49 30 2220002', website: 'https://petra-privat.example' },
  member: { phone: '+49 30 3330003', website: 'https://mia-mitglied.example' },
  host: { phone: '+49 30 4440004', website: 'https://hanna-host.example' },
  otherGroup: { phone: '+49 40 5550005', website: 'https://olga-andere-gruppe.example' },
} satisfies Record<SignedInRole, { phone: string; website: string }>;
const FIRST_TRADE: Record<SignedInRole, string> = {
  giver: 'Steuerberatung',
  receiver: 'Webdesign',
  member: 'Fotografie',
  host: 'Moderation',
  otherGroup: 'Catering',
};

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld(t: TestApp) {
  const { app, database } = t;
  const db = app.db;
  const now = t.clock.now();
  const a = await seedGroup(db, { name: 'Kreis A' });
  const b = await seedGroup(db, { name: 'Kreis B' });
  const people: Record<SignedInRole, Person> & { sven: Person; tara: Person } = {
    host: a.host,
    giver: await seedMember(db, a.group.id, 'Paula Public'),
    receiver: await seedMember(db, a.group.id, 'Petra Privat'),
    member: await seedMember(db, a.group.id, 'Mia Mitglied'),
    sven: await seedMember(db, a.group.id, 'Sven Spare'),
    tara: await seedMember(db, a.group.id, 'Tara Tausch'),
    otherGroup: b.host,
  };
  // Sessions made directly (the log-in form's limit would be met by the suites' many browsers).
  const tokens = {} as Record<SignedInRole, string>;
  const browsers = {} as Record<SignedInRole, Browser>;
  for (const role of SIGNED_IN) {
    tokens[role] = await sessionToken(app, people[role].account.id);
    browsers[role] = await sessionBrowser(app, people[role].account.id, tokens[role]);
  }

  // Everyone writes a profile with their own trade and contact details; Paula's is public.
  const profileForms = {} as Record<SignedInRole, Record<string, string | string[]>>;
  for (const role of SIGNED_IN) {
    const form = profileForm({ newTrade: FIRST_TRADE[role], ...CONTACT[role], ...(role === 'giver' ? { isPublic: 'on' } : {}) });
    const saved = await browsers[role].post('/profile/edit', form);
    if (saved.statusCode !== 303) throw new Error(`profile of ${role}: ${saved.statusCode}`);
    const [trade] = await database.query<{ id: string }>('select trade_id as id from member_trades where member_id = $1', [people[role].member.id]);
    // Saving again later changes nothing: the same profile with the trade now picked from the list.
    profileForms[role] = { ...form, newTrade: '', trades: [trade!.id] };
  }
  const [tax] = await database.query<{ id: string }>("select id from trades where group_id = $1 and name = 'Steuerberatung'", [a.group.id]);
  const [web] = await database.query<{ id: string }>("select id from trades where group_id = $1 and name = 'Webdesign'", [a.group.id]);
  const trades = { tax: tax!.id, web: web!.id };

  // Tara asks for both taken trades: two requests for the host to decide.
  const tara = await logIn(app, people.tara.email);
  const taraSaved = await tara.post('/profile/edit', profileForm({ trades: [trades.tax, trades.web], requestAnyway: 'on' }));
  if (taraSaved.statusCode !== 303) throw new Error(`Tara's profile: ${taraSaved.statusCode}`);

  const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#b5542f' } }).png().toBuffer();
  for (const role of ['giver', 'receiver'] as const) await savePhoto(db, people[role].member.id, { mimetype: 'image/png', bytes: png }, now);

  // Paula's referrals to Petra, given through the form as a member would; two answered by their clients.
  const referral = await giveReferral(browsers.giver, referralForm(people.receiver.member.id, { topic: 'Webdesign', ...CLIENT }));
  const second = await giveReferral(browsers.giver, referralForm(people.receiver.member.id, { topic: 'Webdesign', ...SECOND_CLIENT }));
  const answered = await giveReferral(browsers.giver, referralForm(people.receiver.member.id, { topic: 'Webdesign' }));
  const shared = await giveReferral(browsers.giver, referralForm(people.receiver.member.id, { topic: 'Webdesign', clientName: 'Sina Teilt' }));
  await giveFeedback(db, tokenFrom(answered.link, '/f'), now, { rating: 4, comment: PRIVATE_COMMENT, commentPublic: false });
  await giveFeedback(db, tokenFrom(shared.link, '/f'), now, { rating: 4, comment: SHARED_COMMENT, commentPublic: true });

  // The host's links: an invitation to open, one to revoke, and a password link for Tara.
  const invited = await browsers.host.post('/host/invitations', { email: 'eingeladen@example.org' });
  const invitationLink = /id="f-link"[^>]*value="([^"]+)"/.exec(invited.body)?.[1];
  await browsers.host.post('/host/invitations', { email: 'zurueckziehen@example.org' });
  const [revocable] = await database.query<{ id: string }>("select id from invitations where email = 'zurueckziehen@example.org'");
  const reset = await browsers.host.post(`/host/members/${people.tara.member.id}/reset-link`, {});
  const resetLink = /id="f-reset-link"[^>]*>([^<]+)</.exec(reset.body)?.[1];

  // Breakfasts: a main one (Gustav registers through its guest link, as a guest does) and a spare to renew and cancel.
  // In ten and seventeen days (3 and 10 December 2026 on the test clock), so their guest links are open.
  const inDays = (days: number) => new Date(now.getTime() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const main = await planBreakfast(browsers.host, { date: inDays(10) });
  const spare = await planBreakfast(browsers.host, { date: inDays(17) });
  const gustav = freshBrowser(app);
  const registered = await gustav.post(`/g/${main.guestToken!}`, { name: 'Gustav Gast', trade: 'Fotografie', warum: '' });
  const guestToken = gustav.cookies.get(GUEST_COOKIE);
  if (registered.statusCode !== 200 || !guestToken) throw new Error(`guest registration: ${registered.statusCode}`);
  const [guestRow] = await database.query<{ id: string }>('select id from breakfast_guests where breakfast_id = $1', [main.id]);
  const draftId = await pledgeDraft(
    db,
    { groupId: a.group.id, breakfastId: main.id, giverId: people.giver.member.id, receiverId: people.receiver.member.id, note: 'Kundin sucht Webdesign' },
    now,
  );

  const pair = { groupId: a.group.id, requesterId: people.giver.member.id, partnerId: people.receiver.member.id };
  const oneToOnes = {
    toAnswer: await insertOneToOne(database, pair),
    toDecline: await insertOneToOne(database, pair),
    toConfirm: await insertOneToOne(database, { ...pair, status: 'logged', requesterNote: ONE_TO_ONE_NOTES.giver, partnerNote: ONE_TO_ONE_NOTES.receiver }),
    toDispute: await insertOneToOne(database, { ...pair, status: 'logged' }),
    /** Hanna asked Petra, through the form. */
    hostAsked: await (async () => {
      const asked = await browsers.host.post('/one-to-ones/request', { partner: people.receiver.member.id });
      if (asked.statusCode !== 303) throw new Error(`one-to-one request: ${asked.statusCode}`);
      const [row] = await database.query<{ id: string }>('select id from one_to_ones where requester_id = $1', [people.host.member.id]);
      return row!.id;
    })(),
  };

  return {
    groupA: a.group.id,
    groupB: b.group.id,
    people,
    tokens,
    browsers,
    profileForms,
    trades,
    referral: { id: referral.id, token: tokenFrom(referral.link, '/f') },
    second: { id: second.id },
    answered: { id: answered.id, token: tokenFrom(answered.link, '/f'), comment: PRIVATE_COMMENT },
    shared: { id: shared.id },
    invitationToken: tokenFrom(invitationLink, '/invite'),
    revocableInvitationId: revocable!.id,
    resetToken: tokenFrom(resetLink, '/password/reset'),
    breakfast: { id: main.id, guestToken: main.guestToken! },
    spare: { id: spare.id, guestToken: spare.guestToken! },
    guest: { id: guestRow!.id, token: guestToken },
    draftId,
    oneToOnes,
  };
}
