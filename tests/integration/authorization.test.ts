import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, ORIGIN, type TestApp } from '../helpers/app.js';
import { createSecurityApp, type SecurityApp, snapshot } from '../helpers/security.js';
import {
  breakfastForm,
  buildWorld,
  CLIENT,
  CONTACT,
  freshBrowser,
  guestBrowser,
  logIn,
  ONE_TO_ONE_NOTES,
  PASSWORD,
  PRIVATE_COMMENT,
  referralForm,
  SECOND_CLIENT,
  SHARED_COMMENT,
  SIGNED_IN,
  type World,
} from '../helpers/world/index.js';

/**
 * The authorization matrix: every HTTP route of the app, for every kind of visitor, with the answer
 * each one must get. The route list comes from Fastify itself, so a new route without a row here
 * fails the first test until someone decides who may use it.
 *
 * Roles (the fixture, built in beforeAll):
 * - anonymous  — no session (a fresh browser for every request)
 * - otherGroup — Olga, the host of group B: a member (and host) of another group
 * - member     — Mia, a plain member of group A, no party to the referral
 * - host       — Hanna, the host of group A, no party to the referral
 * - giver      — Paula, member of group A with a PUBLIC profile; gave the referrals to Petra
 * - receiver   — Petra, member of group A with a PRIVATE profile; received them
 * - guest      — Gustav, no account: the guest cookie of group A's main breakfast (registered through
 *                its guest link). A row that names no `guest` expects for him what it expects for
 *                the anonymous visitor; the live room's rows say where a guest gets further.
 * Profile routes name Paula's or Petra's profile, so "owner" is the giver or the receiver there.
 *
 * Besides the status, every response body is searched for the client's name, e-mail and phone
 * (only the giver and the receiver may ever see them) and for members' phone, e-mail and website
 * (only members of the same group). A POST that a role may not make must change nothing in the
 * database.
 */

const ROLES = ['anonymous', 'guest', 'otherGroup', 'member', 'host', 'giver', 'receiver'] as const;
type Role = (typeof ROLES)[number];
type SignedIn = Exclude<Role, 'anonymous' | 'guest'>;
const GROUP_A: Role[] = ['member', 'host', 'giver', 'receiver'];

/** A status; 'login' = 303 to /login?next=<this url>; or a 303 to a path (exact, or matching). */
type Outcome = number | 'login' | { redirect: string | RegExp };
/** `guest` may be left out: then the guest (no account) gets what the anonymous visitor gets. */
type Expected = Record<Exclude<Role, 'guest'>, Outcome> & { guest?: Outcome };
type Form = Record<string, string | string[]>;

type Case = {
  /** Which variant of the route, when there are several (public profile, unknown token, …). */
  name?: string;
  url: (f: Fixture) => string;
  /** The form a role posts: a valid-looking one (our Origin is added by the Browser). */
  /** The guest posts what the anonymous visitor posts. */
  form?: (f: Fixture, role: Exclude<Role, 'guest'>) => Form;
  /** Post a real image as multipart/form-data instead of a form. */
  photo?: true;
  /** The request ends the session, so it is made from a fresh log-in of the role. */
  freshSession?: true;
  /** Nobody may change anything with this request, whatever its status. */
  changesNothing?: true;
  /** The URL is itself the credential (the client's feedback link): its holder is greeted with the client's name. */
  bearerLink?: true;
  expect: Expected;
};
type Row = { route: string; cases: Case[] };
const expectedOf = (c: Case, role: Role): Outcome => (role === 'guest' ? (c.expect.guest ?? c.expect.anonymous) : c.expect[role]);

const to = (path: string | RegExp): Outcome => ({ redirect: path });
const everyone = (outcome: Outcome): Expected => ({
  anonymous: outcome,
  otherGroup: outcome,
  member: outcome,
  host: outcome,
  giver: outcome,
  receiver: outcome,
});
/** A page about the signed-in member's own things (account, lists, editor). */
const signedIn = (outcome: Outcome, anonymous: Outcome = 'login'): Expected => ({ ...everyone(outcome), anonymous });
/** Host pages: a host sees their own group's; members are refused. */
const hostPage: Expected = { anonymous: 'login', otherGroup: 200, member: 403, host: 200, giver: 403, receiver: 403 };
/** A host action on a member or invitation of group A. */
const hostAction = (success: Outcome): Expected => ({ anonymous: 401, otherGroup: 404, member: 403, host: success, giver: 403, receiver: 403 });

const UNKNOWN_TOKEN = 'abcdefghijkmnpqrstuvwxyz23456789';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const SAVED_PROFILE = /^\/m\/[a-z0-9-]+\?saved=1$/;
const REFERRAL_PAGE = /^\/referrals\/[0-9a-f-]{36}$/;
const LINK_PAGE = /^\/referrals\/[0-9a-f-]{36}\/link$/;
const breakfastPage = (notice: string) => new RegExp(`^/breakfasts/[0-9a-f-]{36}\\?${notice}=1$`);

const hijackedSettings: Form = { name: 'Gekapert', city: 'Anderswo', locale: 'en', secondsPerIntro: '300', responseDeadlineDays: '30' };

const TABLE: Row[] = [
  // ——— public and technical ———
  { route: 'GET /healthz', cases: [{ url: () => '/healthz', expect: everyone(200) }] },
  { route: 'GET /public/*', cases: [{ url: () => '/public/css/app.css', expect: everyone(200) }] },
  { route: 'GET /assets/:hash/*', cases: [{ url: () => '/assets/000000000000/css/app.css', expect: everyone(200) }] },
  { route: 'GET /manifest.webmanifest', cases: [{ url: () => '/manifest.webmanifest', expect: everyone(200) }] },
  { route: 'GET /sw.js', cases: [{ url: () => '/sw.js', expect: everyone(200) }] },
  { route: 'GET /offline.html', cases: [{ url: () => '/offline.html', expect: everyone(200) }] },
  { route: 'GET /robots.txt', cases: [{ url: () => '/robots.txt', expect: everyone(200) }] },
  { route: 'GET /', cases: [{ url: () => '/', expect: signedIn(to('/roster'), to('/login')) }] },
  { route: 'GET /setup', cases: [{ url: () => '/setup', expect: everyone(to('/')) }] },
  {
    route: 'POST /setup',
    cases: [
      {
        url: () => '/setup',
        form: () => ({
          groupName: 'Zweiter Kreis',
          city: 'X',
          locale: 'de',
          hostName: 'Eindringling',
          email: 'eindringling@example.org',
          password: PASSWORD,
          passwordConfirm: PASSWORD,
        }),
        changesNothing: true,
        expect: everyone(to('/')),
      },
    ],
  },

  // ——— log-in, account, passwords ———
  { route: 'GET /login', cases: [{ url: () => '/login', expect: signedIn(to('/'), 200) }] },
  {
    route: 'POST /login',
    cases: [
      {
        url: () => '/login',
        form: () => ({ email: 'niemand@example.org', password: 'falsch-falsch-falsch' }),
        changesNothing: true,
        expect: everyone(400),
      },
    ],
  },
  {
    route: 'POST /logout',
    // Only the session ends (the fingerprint leaves the sessions table out): nothing else changes.
    cases: [{ url: () => '/logout', form: () => ({}), freshSession: true, changesNothing: true, expect: everyone(to('/login')) }],
  },
  { route: 'GET /account', cases: [{ url: () => '/account', expect: signedIn(200) }] },
  {
    route: 'POST /account/password',
    cases: [
      {
        // The wrong current password: a right one would end every other session of the account.
        url: () => '/account/password',
        form: () => ({
          currentPassword: 'nicht mein Passwort',
          newPassword: 'ein ganz neues Passwort',
          newPasswordConfirm: 'ein ganz neues Passwort',
        }),
        changesNothing: true,
        expect: signedIn(400, 401),
      },
    ],
  },
  // Each member downloads only their own data (the leak search below checks the file like a page).
  { route: 'GET /account/export', cases: [{ url: () => '/account/export', expect: signedIn(200) }] },
  {
    route: 'POST /account/delete',
    cases: [
      {
        // The wrong password: a right one would delete the fixture's people.
        url: () => '/account/delete',
        form: () => ({ deletePassword: 'nicht mein Passwort', confirmation: 'LÖSCHEN' }),
        changesNothing: true,
        expect: signedIn(400, 401),
      },
    ],
  },
  { route: 'GET /password/forgot', cases: [{ url: () => '/password/forgot', expect: everyone(200) }] },
  {
    route: 'POST /password/forgot',
    // Without mail configured the page asks to see a host; nothing is stored. Each asks for their own
    // address (the limit per typed address is 5 an hour).
    cases: [
      {
        url: () => '/password/forgot',
        form: (f, role) => ({ email: role === 'anonymous' ? 'niemand@example.org' : f.people[role].email }),
        changesNothing: true,
        expect: everyone(200),
      },
    ],
  },
  {
    route: 'GET /password/reset/:token',
    cases: [
      { name: 'link a host issued', url: (f) => `/password/reset/${f.resetToken}`, expect: everyone(200) },
      { name: 'unknown link', url: () => `/password/reset/${UNKNOWN_TOKEN}`, expect: everyone(404) },
    ],
  },
  {
    route: 'POST /password/reset/:token',
    cases: [
      {
        name: 'link a host issued, passwords differ',
        url: (f) => `/password/reset/${f.resetToken}`,
        form: () => ({ newPassword: 'ein ganz neues Passwort', newPasswordConfirm: 'ein anderes neues Passwort' }),
        changesNothing: true,
        expect: everyone(400),
      },
      {
        name: 'unknown link',
        url: () => `/password/reset/${UNKNOWN_TOKEN}`,
        form: () => ({ newPassword: 'ein ganz neues Passwort', newPasswordConfirm: 'ein ganz neues Passwort' }),
        changesNothing: true,
        expect: everyone(404),
      },
    ],
  },

  // ——— members and profiles ———
  { route: 'GET /roster', cases: [{ url: () => '/roster', expect: signedIn(200) }] },
  {
    route: 'GET /directory',
    cases: [
      { name: 'a search', url: () => '/directory?q=Steuerberatung', expect: signedIn(200) },
      { name: 'an unknown trade', url: () => `/directory?trade=${UNKNOWN_ID}`, expect: signedIn(400) },
    ],
  },
  {
    route: 'GET /m/:slug',
    cases: [
      { name: "Paula's public profile", url: (f) => `/m/${f.people.giver.member.slug}`, expect: everyone(200) },
      {
        name: "Petra's private profile",
        url: (f) => `/m/${f.people.receiver.member.slug}`,
        expect: { anonymous: 404, otherGroup: 404, member: 200, host: 200, giver: 200, receiver: 200 },
      },
      { name: 'unknown', url: () => '/m/niemand-hier', expect: everyone(404) },
    ],
  },
  {
    route: 'GET /m/:slug/photo',
    cases: [
      { name: "Paula's public profile", url: (f) => `/m/${f.people.giver.member.slug}/photo`, expect: everyone(200) },
      {
        name: "Petra's private profile",
        url: (f) => `/m/${f.people.receiver.member.slug}/photo`,
        expect: { anonymous: 404, otherGroup: 404, member: 200, host: 200, giver: 200, receiver: 200 },
      },
    ],
  },
  {
    route: 'GET /m/:slug/trust',
    cases: [
      {
        name: "Paula's public profile",
        url: (f) => `/m/${f.people.giver.member.slug}/trust`,
        expect: { anonymous: 'login', otherGroup: 404, member: 200, host: 200, giver: 200, receiver: 200 },
      },
      {
        name: "Petra's private profile",
        url: (f) => `/m/${f.people.receiver.member.slug}/trust`,
        expect: { anonymous: 'login', otherGroup: 404, member: 200, host: 200, giver: 200, receiver: 200 },
      },
    ],
  },
  {
    route: 'GET /m/:slug/trust.csv',
    cases: [
      {
        name: "Paula's ledger",
        url: (f) => `/m/${f.people.giver.member.slug}/trust.csv`,
        expect: { anonymous: 'login', otherGroup: 404, member: 403, host: 403, giver: 200, receiver: 403 },
      },
      {
        name: "Petra's ledger",
        url: (f) => `/m/${f.people.receiver.member.slug}/trust.csv`,
        expect: { anonymous: 'login', otherGroup: 404, member: 403, host: 403, giver: 403, receiver: 200 },
      },
    ],
  },
  // Host corrections: the fixture's events have no id here, so the rows name an unknown event in
  // Petra's ledger; a host of group A gets past every check up to "no such event" (404). The
  // success path and the refusals are in trust-corrections.test.ts.
  {
    route: 'GET /m/:slug/trust/correct/:eventId',
    cases: [
      {
        name: "unknown event in Petra's ledger",
        url: (f) => `/m/${f.people.receiver.member.slug}/trust/correct/${UNKNOWN_ID}`,
        expect: { anonymous: 'login', otherGroup: 404, member: 403, host: 404, giver: 403, receiver: 403 },
      },
    ],
  },
  {
    route: 'POST /m/:slug/trust/correct/:eventId',
    cases: [
      {
        name: "unknown event in Petra's ledger",
        url: (f) => `/m/${f.people.receiver.member.slug}/trust/correct/${UNKNOWN_ID}`,
        form: () => ({ reason: 'duplicate' }),
        changesNothing: true,
        expect: { anonymous: 401, otherGroup: 404, member: 403, host: 404, giver: 403, receiver: 403 },
      },
    ],
  },
  { route: 'GET /profile/edit', cases: [{ url: () => '/profile/edit', expect: signedIn(200) }] },

  // ——— host pages ———
  { route: 'GET /host', cases: [{ url: () => '/host', expect: hostPage }] },
  { route: 'GET /host/members', cases: [{ url: () => '/host/members', expect: hostPage }] },
  { route: 'GET /host/outbox', cases: [{ url: () => '/host/outbox', expect: hostPage }] },
  { route: 'GET /host/review', cases: [{ url: () => '/host/review', expect: hostPage }] },
  {
    route: 'POST /host/review/:feedbackId',
    // No flagged answer has this id: the host learns so (404); nobody else gets that far.
    cases: [{ url: () => '/host/review/00000000-0000-4000-8000-000000000000', form: () => ({ verdict: 'genuine' }), expect: hostAction(404) }],
  },
  { route: 'GET /host/settings', cases: [{ url: () => '/host/settings', expect: hostPage }] },
  { route: 'GET /host/trades', cases: [{ url: () => '/host/trades', expect: hostPage }] },
  { route: 'GET /host/invitations', cases: [{ url: () => '/host/invitations', expect: hostPage }] },
  { route: 'GET /host/members/import', cases: [{ url: () => '/host/members/import', expect: hostPage }] },
  // ——— insights: the member's own dashboard; group health and its export for hosts ———
  { route: 'GET /insights', cases: [{ url: () => '/insights', expect: signedIn(200) }] },
  { route: 'GET /host/health', cases: [{ url: () => '/host/health', expect: hostPage }] },
  { route: 'GET /host/health.csv', cases: [{ url: () => '/host/health.csv', expect: hostPage }] },

  // ——— invitations (the link is the credential) ———
  {
    route: 'GET /invite/:token',
    cases: [
      { name: 'open invitation', url: (f) => `/invite/${f.invitationToken}`, expect: everyone(200) },
      { name: 'unknown', url: () => `/invite/${UNKNOWN_TOKEN}`, expect: everyone(404) },
    ],
  },

  // ——— referrals ———
  { route: 'GET /referrals', cases: [{ url: () => '/referrals', expect: signedIn(200) }] },
  { route: 'GET /referrals/new', cases: [{ url: () => '/referrals/new', expect: signedIn(200) }] },
  {
    route: 'GET /referrals/:id',
    cases: [
      {
        name: 'Paula → Petra',
        url: (f) => `/referrals/${f.referral.id}`,
        expect: { anonymous: 'login', otherGroup: 404, member: 404, host: 404, giver: 200, receiver: 200 },
      },
      {
        name: 'second referral',
        url: (f) => `/referrals/${f.second.id}`,
        expect: { anonymous: 'login', otherGroup: 404, member: 404, host: 404, giver: 200, receiver: 200 },
      },
      {
        name: 'answered, with a private comment',
        url: (f) => `/referrals/${f.answered.id}`,
        expect: { anonymous: 'login', otherGroup: 404, member: 404, host: 404, giver: 200, receiver: 200 },
      },
      { name: 'unknown', url: () => `/referrals/${UNKNOWN_ID}`, expect: signedIn(404) },
    ],
  },
  {
    route: 'GET /referrals/:id/link',
    cases: [
      {
        // Without the short-lived cookie there is no link to show: the parties go to the referral page.
        name: 'Paula → Petra, no link cookie',
        url: (f) => `/referrals/${f.referral.id}/link`,
        expect: { anonymous: 'login', otherGroup: 404, member: 404, host: 404, giver: to(REFERRAL_PAGE), receiver: to(REFERRAL_PAGE) },
      },
    ],
  },
  { route: 'GET /notifications', cases: [{ url: () => '/notifications', expect: signedIn(200) }] },

  // ——— the client's feedback page ———
  {
    route: 'GET /f/:token',
    cases: [
      { name: "the client's link", url: (f) => `/f/${f.referral.token}`, bearerLink: true, expect: everyone(200) },
      { name: 'unknown', url: () => `/f/${UNKNOWN_TOKEN}`, expect: everyone(404) },
    ],
  },
  {
    route: 'POST /f/:token',
    cases: [
      {
        // An incomplete answer: a complete one would close the link for everyone after the first.
        name: "the client's link, answer incomplete",
        url: (f) => `/f/${f.referral.token}`,
        form: () => ({ contacted: 'yes' }),
        bearerLink: true,
        changesNothing: true,
        // The referral's giver and receiver may not answer for their client, complete or not.
        expect: { ...everyone(400), giver: 403, receiver: 403 },
      },
      { name: 'unknown', url: () => `/f/${UNKNOWN_TOKEN}`, form: () => ({ contacted: 'yes' }), changesNothing: true, expect: everyone(404) },
    ],
  },

  // ——— writes: profiles and photos ———
  {
    route: 'POST /profile/edit',
    cases: [
      {
        // Everyone saves their own profile unchanged (the anonymous visitor tries Paula's form).
        url: () => '/profile/edit',
        form: (f, role) => (role === 'anonymous' ? f.profileForms.giver : f.profileForms[role]),
        expect: signedIn(to(SAVED_PROFILE), 401),
      },
    ],
  },
  // Deleting before uploading: the upload row puts a photo back for everyone.
  {
    route: 'POST /profile/photo/delete',
    cases: [{ url: () => '/profile/photo/delete', form: () => ({}), expect: signedIn(to('/profile/edit#photo'), 401) }],
  },
  { route: 'POST /profile/photo', cases: [{ url: () => '/profile/photo', photo: true, expect: signedIn(to('/profile/edit#photo'), 401) }] },

  // ——— writes: host actions ———
  {
    route: 'POST /host/settings',
    cases: [
      {
        // Group A's host saves group A's settings unchanged; everybody else tries to take it over.
        url: () => '/host/settings',
        form: (f, role) => (role === 'host' ? f.settingsA : hijackedSettings),
        expect: { ...hostAction(to('/host/settings?saved=1')), otherGroup: to('/host/settings?saved=1') },
      },
    ],
  },
  {
    route: 'POST /host/members/:memberId/reset-link',
    cases: [{ name: 'for Sven', url: (f) => `/host/members/${f.people.sven.member.id}/reset-link`, form: () => ({}), expect: hostAction(200) }],
  },
  {
    route: 'POST /host/members/:memberId/:action',
    // In this order, so each action finds Sven where it can act (member → host → member → inactive → active).
    cases: (['promote', 'demote', 'deactivate', 'reactivate'] as const).map(
      (action): Case => ({
        name: `${action} Sven`,
        url: (f) => `/host/members/${f.people.sven.member.id}/${action}`,
        form: () => ({}),
        expect: hostAction(to(new RegExp(`^/host/members\\?done=${action}&m=[0-9a-f-]{36}$`))),
      }),
    ),
  },
  {
    route: 'POST /host/trades/:memberId/:tradeId/:decision',
    cases: [
      {
        name: "allow Tara's Steuerberatung",
        url: (f) => `/host/trades/${f.people.tara.member.id}/${f.trades.tax}/allow`,
        form: () => ({}),
        expect: hostAction(to('/host/trades?done=allow')),
      },
      {
        name: "refuse Tara's Webdesign",
        url: (f) => `/host/trades/${f.people.tara.member.id}/${f.trades.web}/refuse`,
        form: () => ({}),
        expect: hostAction(to('/host/trades?done=refuse')),
      },
    ],
  },
  {
    route: 'POST /host/invitations',
    cases: [
      {
        url: () => '/host/invitations',
        form: () => ({ email: 'neu-eingeladen@example.org' }),
        expect: { anonymous: 401, otherGroup: 200, member: 403, host: 200, giver: 403, receiver: 403 },
      },
    ],
  },
  {
    // The preview writes nothing; any host previews against their own group.
    route: 'POST /host/members/import',
    cases: [
      {
        url: () => '/host/members/import',
        form: () => ({ text: 'Name;E-Mail\nNeu Importiert;neu-importiert@example.org' }),
        changesNothing: true,
        expect: { anonymous: 401, otherGroup: 200, member: 403, host: 200, giver: 403, receiver: 403 },
      },
    ],
  },
  {
    // A digest that matches no preview: refused for hosts too (409), so nobody changes anything.
    route: 'POST /host/members/import/confirm',
    cases: [
      {
        url: () => '/host/members/import/confirm',
        form: () => ({ text: 'Name;E-Mail\nNeu Importiert;neu-importiert@example.org', digest: '0'.repeat(64) }),
        changesNothing: true,
        expect: { anonymous: 401, otherGroup: 409, member: 403, host: 409, giver: 403, receiver: 403 },
      },
    ],
  },
  {
    route: 'POST /host/invitations/:id/revoke',
    cases: [
      {
        name: 'open invitation of group A',
        url: (f) => `/host/invitations/${f.revocableInvitationId}/revoke`,
        form: () => ({}),
        expect: hostAction(to('/host/invitations?revoked=1')),
      },
    ],
  },
  {
    route: 'POST /invite/:token',
    cases: [
      {
        // Passwords that differ: a valid redemption would sign the browser in as someone new.
        name: 'open invitation, passwords differ',
        url: (f) => `/invite/${f.invitationToken}`,
        form: () => ({ name: 'Ines Neu', email: 'ines.neu@example.org', password: PASSWORD, passwordConfirm: `${PASSWORD}!` }),
        changesNothing: true,
        expect: everyone(400),
      },
      {
        name: 'unknown',
        url: () => `/invite/${UNKNOWN_TOKEN}`,
        form: () => ({ name: 'Ines Neu', email: 'ines.neu@example.org', password: PASSWORD, passwordConfirm: PASSWORD }),
        changesNothing: true,
        expect: everyone(404),
      },
    ],
  },

  // ——— writes: referrals (on the second referral, so the first keeps its client data and link) ———
  {
    route: 'POST /referrals/new',
    cases: [
      {
        // To Petra (Petra herself: to Paula). Group B has nobody to receive a referral from group A.
        url: () => '/referrals/new',
        form: (f, role) =>
          referralForm(role === 'receiver' ? f.people.giver.member.id : f.people.receiver.member.id, {
            topic: 'Webdesign',
            clientName: 'Nora Neukundin',
            clientEmail: 'nora.neukundin@example.org',
          }),
        expect: { ...signedIn(to(LINK_PAGE), 401), otherGroup: 400 },
      },
    ],
  },
  {
    route: 'POST /referrals/:id/link',
    cases: [
      {
        name: 'a new feedback link (giver only)',
        url: (f) => `/referrals/${f.second.id}/link`,
        form: () => ({}),
        expect: { anonymous: 401, otherGroup: 404, member: 404, host: 404, giver: to(LINK_PAGE), receiver: 403 },
      },
    ],
  },
  {
    route: 'POST /referrals/:id/status',
    cases: [
      {
        name: 'contacted (receiver only)',
        url: (f) => `/referrals/${f.second.id}/status`,
        form: () => ({ to: 'contacted' }),
        expect: { anonymous: 401, otherGroup: 404, member: 404, host: 404, giver: 403, receiver: to(/^\/referrals\/[0-9a-f-]{36}\?moved=1$/) },
      },
    ],
  },
  {
    route: 'POST /referrals/:id/erase-client',
    cases: [
      {
        name: 'erase the client (giver only)',
        url: (f) => `/referrals/${f.second.id}/erase-client`,
        form: () => ({ confirm: 'on' }),
        expect: { anonymous: 401, otherGroup: 404, member: 404, host: 404, giver: to(/^\/referrals\/[0-9a-f-]{36}\?erased=1$/), receiver: 403 },
      },
    ],
  },

  // ——— breakfasts (group A's; "spare" is renewed and then cancelled, so the main one keeps its guest link) ———
  { route: 'GET /breakfasts', cases: [{ url: () => '/breakfasts', expect: signedIn(200) }] },
  {
    route: 'POST /breakfasts',
    // Each host plans one for their own group; members may not.
    cases: [{ url: () => '/breakfasts', form: () => breakfastForm(), expect: { ...hostAction(to(breakfastPage('created'))), otherGroup: to(breakfastPage('created')) } }],
  },
  {
    route: 'GET /breakfasts/:id',
    cases: [
      { name: "group A's", url: (f) => `/breakfasts/${f.breakfast.id}`, expect: { ...signedIn(200), otherGroup: 404 } },
      { name: 'unknown', url: () => `/breakfasts/${UNKNOWN_ID}`, expect: signedIn(404) },
    ],
  },
  { route: 'GET /breakfasts/:id/ics', cases: [{ url: (f) => `/breakfasts/${f.breakfast.id}/ics`, expect: { ...signedIn(200), otherGroup: 404 } }] },
  { route: 'GET /breakfasts/:id/edit', cases: [{ url: (f) => `/breakfasts/${f.breakfast.id}/edit`, expect: { ...hostPage, otherGroup: 404 } }] },
  {
    route: 'POST /breakfasts/:id/edit',
    cases: [{ name: 'saved unchanged', url: (f) => `/breakfasts/${f.breakfast.id}/edit`, form: () => breakfastForm(), expect: hostAction(to(breakfastPage('saved'))) }],
  },
  {
    route: 'POST /breakfasts/:id/rsvp',
    cases: [
      {
        url: (f) => `/breakfasts/${f.breakfast.id}/rsvp`,
        form: () => ({ answer: 'yes' }),
        expect: { ...signedIn(to(/^\/breakfasts\/[0-9a-f-]{36}\?answered=1#rsvp$/), 401), otherGroup: 404 },
      },
    ],
  },
  {
    route: 'POST /breakfasts/:id/guest-link',
    cases: [{ name: 'spare', url: (f) => `/breakfasts/${f.spare.id}/guest-link`, form: () => ({}), expect: hostAction(to(breakfastPage('renewed'))) }],
  },
  {
    route: 'POST /breakfasts/:id/cancel',
    cases: [{ name: 'spare', url: (f) => `/breakfasts/${f.spare.id}/cancel`, form: () => ({}), expect: hostAction(to(breakfastPage('cancelled'))) }],
  },
  {
    route: 'GET /breakfasts/:id/attendance',
    cases: [{ url: (f) => `/breakfasts/${f.breakfast.id}/attendance`, expect: { ...hostPage, otherGroup: 404 } }],
  },
  {
    route: 'POST /breakfasts/:id/attendance',
    cases: [
      {
        url: (f) => `/breakfasts/${f.breakfast.id}/attendance`,
        form: (f) => ({ present: f.people.host.member.id }),
        expect: hostAction(to(/^\/breakfasts\/[0-9a-f-]{36}\/attendance\?saved=1$/)),
      },
    ],
  },
  {
    route: 'GET /g/:token',
    cases: [
      { name: 'the guest link', url: (f) => `/g/${f.breakfast.guestToken}`, expect: everyone(200) },
      { name: 'unknown', url: () => `/g/${UNKNOWN_TOKEN}`, expect: everyone(404) },
    ],
  },
  {
    route: 'POST /g/:token',
    cases: [
      {
        // Without a name: a valid registration would add a guest.
        name: 'the guest link, name missing',
        url: (f) => `/g/${f.breakfast.guestToken}`,
        form: () => ({ name: '', trade: 'Fotografie' }),
        changesNothing: true,
        expect: everyone(400),
      },
      { name: 'unknown', url: () => `/g/${UNKNOWN_TOKEN}`, form: () => ({ name: 'Gustav', trade: 'Fotografie' }), changesNothing: true, expect: everyone(404) },
    ],
  },
  // ——— the live room (its socket is a WebSocket route: a plain GET is not an upgrade, so 404 behind the same guard) ———
  { route: 'GET /breakfasts/:id/live', cases: [{ url: (f) => `/breakfasts/${f.breakfast.id}/live`, expect: { ...signedIn(200), otherGroup: 404, guest: 200 } }] },
  {
    route: 'POST /breakfasts/:id/live',
    // The room's plain forms (no JavaScript): host commands for hosts; irreversible ones ask first.
    cases: [
      {
        name: 'end the round, not yet confirmed: the confirmation page',
        url: (f) => `/breakfasts/${f.breakfast.id}/live`,
        form: () => ({ action: 'end' }),
        changesNothing: true,
        expect: { anonymous: 401, guest: 403, otherGroup: 404, member: 403, host: 200, giver: 403, receiver: 403 },
      },
      {
        name: 'next, before the round started',
        url: (f) => `/breakfasts/${f.breakfast.id}/live`,
        form: () => ({ action: 'next' }),
        changesNothing: true,
        expect: { anonymous: 401, guest: 403, otherGroup: 404, member: 403, host: 409, giver: 403, receiver: 403 },
      },
      {
        name: 'an unknown action',
        url: (f) => `/breakfasts/${f.breakfast.id}/live`,
        form: () => ({ action: 'explode' }),
        changesNothing: true,
        expect: { ...signedIn(400, 401), otherGroup: 404, guest: 400 },
      },
    ],
  },
  { route: 'GET /breakfasts/:id/socket', cases: [{ url: (f) => `/breakfasts/${f.breakfast.id}/socket`, expect: { ...signedIn(404), anonymous: 'login', guest: 404 } }] },
  {
    route: 'GET /breakfasts/:id/summary',
    // Only who was in the room reads the summary (nobody was, here), and hosts of the group.
    cases: [{ url: (f) => `/breakfasts/${f.breakfast.id}/summary`, expect: { anonymous: 'login', guest: 403, otherGroup: 404, member: 403, host: 200, giver: 403, receiver: 403 } }],
  },
  {
    route: 'POST /referrals/drafts/:id/dismiss',
    cases: [
      {
        name: "Paula's pledge to Petra (giver only)",
        url: (f) => `/referrals/drafts/${f.draftId}/dismiss`,
        form: () => ({}),
        expect: { anonymous: 401, otherGroup: 404, member: 404, host: 404, giver: to('/referrals?dismissed=1'), receiver: 404 },
      },
    ],
  },
  { route: 'POST /notifications/read', cases: [{ url: () => '/notifications/read', form: () => ({}), expect: signedIn(to('/notifications'), 401) }] },

  // ——— one-to-ones (Paula asked Petra; one fixture per state, see buildFixture). Parties only; the
  // logs, requests and answers come last, after the fixtures were answered, so nothing else is filled. ———
  { route: 'GET /one-to-ones', cases: [{ url: () => '/one-to-ones', expect: signedIn(200) }] },
  {
    route: 'GET /one-to-ones/:id',
    cases: [
      {
        name: "Paula and Petra's, with their notes",
        url: (f) => `/one-to-ones/${f.oneToOnes.toConfirm}`,
        expect: { anonymous: 'login', otherGroup: 404, member: 404, host: 404, giver: 200, receiver: 200 },
      },
      { name: 'unknown', url: () => `/one-to-ones/${UNKNOWN_ID}`, expect: signedIn(404) },
    ],
  },
  {
    route: 'POST /one-to-ones/:id/note',
    cases: [
      {
        name: 'each party their own note',
        url: (f) => `/one-to-ones/${f.oneToOnes.toConfirm}/note`,
        form: () => ({ note: 'Neue eigene Notiz' }),
        expect: { anonymous: 401, otherGroup: 404, member: 404, host: 404, giver: to(/^\/one-to-ones\/[0-9a-f-]{36}\?done=noted$/), receiver: to(/^\/one-to-ones\/[0-9a-f-]{36}\?done=noted$/) },
      },
    ],
  },
  {
    route: 'POST /one-to-ones/:id/log',
    cases: [
      {
        name: 'a request, answered by logging (partner only)',
        url: (f) => `/one-to-ones/${f.oneToOnes.toAnswer}/log`,
        form: () => ({ metOn: '2026-11-20', durationMinutes: '60', note: '' }),
        expect: { anonymous: 401, otherGroup: 404, member: 404, host: 404, giver: 403, receiver: to('/one-to-ones?done=accepted') },
      },
    ],
  },
  {
    route: 'POST /one-to-ones/:id/decline',
    cases: [
      {
        name: 'a request (partner only)',
        url: (f) => `/one-to-ones/${f.oneToOnes.toDecline}/decline`,
        form: () => ({}),
        expect: { anonymous: 401, otherGroup: 404, member: 404, host: 404, giver: 403, receiver: to('/one-to-ones?done=declined') },
      },
    ],
  },
  {
    route: 'POST /one-to-ones/:id/confirm',
    cases: [
      {
        name: 'logged by Paula (Petra only)',
        url: (f) => `/one-to-ones/${f.oneToOnes.toConfirm}/confirm`,
        form: () => ({}),
        expect: { anonymous: 401, otherGroup: 404, member: 404, host: 404, giver: 403, receiver: to('/one-to-ones?done=confirmed') },
      },
    ],
  },
  {
    route: 'POST /one-to-ones/:id/dispute',
    cases: [
      {
        name: 'logged by Paula (Petra only)',
        url: (f) => `/one-to-ones/${f.oneToOnes.toDispute}/dispute`,
        form: () => ({}),
        expect: { anonymous: 401, otherGroup: 404, member: 404, host: 404, giver: 403, receiver: to('/one-to-ones?done=disputed') },
      },
    ],
  },
  {
    route: 'POST /one-to-ones/request',
    cases: [
      {
        // To Petra (Petra herself: to Paula, who has asked her by then). Group B has nobody to ask in group A.
        url: () => '/one-to-ones/request',
        form: (f, role) => ({ partner: (role === 'receiver' ? f.people.giver : f.people.receiver).member.id }),
        expect: { ...signedIn(to(/^\/one-to-ones\?done=(asked|already)$/), 401), otherGroup: 400 },
      },
    ],
  },
  {
    route: 'POST /one-to-ones',
    cases: [
      {
        name: 'log a meeting',
        url: () => '/one-to-ones',
        form: (f, role) => ({ partner: (role === 'receiver' ? f.people.giver : f.people.receiver).member.id, metOn: '2026-11-20', durationMinutes: '60', note: '' }),
        expect: { ...signedIn(to('/one-to-ones?done=logged'), 401), otherGroup: 400 },
      },
    ],
  },
];

/** What must never reach the wrong eyes, and whose eyes are the right ones. */
type Secret = {
  label: string;
  value: string;
  entitled: Role[];
  /** Whoever holds the client's own feedback link may see it too (the page greets the client by name). */
  linkHolder: boolean;
};


/** The standard world, with the leak search's secrets and group A's settings as its form sends them. */
type Fixture = World & { settingsA: Form; secrets: Secret[] };

async function buildFixture(t: TestApp): Promise<Fixture> {
  const w = await buildWorld(t);
  const [settings] = await t.database.query<{ name: string; city: string; locale: string; seconds: number; days: number }>(
    'select name, city, locale, seconds_per_intro as seconds, response_deadline_days as days from groups where id = $1',
    [w.groupA],
  );
  const settingsA: Form = {
    name: settings!.name,
    city: settings!.city,
    locale: settings!.locale,
    secondsPerIntro: String(settings!.seconds),
    responseDeadlineDays: String(settings!.days),
    oneSeatPerTrade: 'on',
  };

  const secrets: Secret[] = [
    ...[CLIENT, SECOND_CLIENT].flatMap((client, i) =>
      Object.entries(client).map(
        ([field, value]): Secret => ({
          label: `client ${i + 1} ${field}`,
          value,
          entitled: ['giver', 'receiver'],
          linkHolder: field === 'clientName',
        }),
      ),
    ),
    { label: 'private feedback comment', value: PRIVATE_COMMENT, entitled: ['giver', 'receiver'], linkHolder: false },
    { label: "Paula's one-to-one note", value: ONE_TO_ONE_NOTES.giver, entitled: ['giver'], linkHolder: false },
    { label: "Petra's one-to-one note", value: ONE_TO_ONE_NOTES.receiver, entitled: ['receiver'], linkHolder: false },
    { label: 'shared feedback comment', value: SHARED_COMMENT, entitled: GROUP_A, linkHolder: false },
    ...SIGNED_IN.flatMap((role) => {
      const entitled: Role[] = role === 'otherGroup' ? ['otherGroup'] : GROUP_A;
      return [
        { label: `${role}'s phone`, value: CONTACT[role].phone, entitled, linkHolder: false },
        { label: `${role}'s website`, value: CONTACT[role].website, entitled, linkHolder: false },
        { label: `${role}'s e-mail`, value: w.people[role].email, entitled, linkHolder: false },
      ];
    }),
  ];
  return { ...w, settingsA, secrets };
}

/** A multipart/form-data body with one small PNG, as the photo form sends it. */
async function photoUpload(browser: Browser, url: string) {
  const png = await sharp({ create: { width: 48, height: 48, channels: 3, background: '#2f6fb5' } }).png().toBuffer();
  const boundary = '----kreis-authorization-test';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="ich.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return browser.request({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: ORIGIN },
  });
}

function describeResponse(response: LightMyRequestResponse): string {
  const location = response.headers.location;
  return location ? `${response.statusCode} → ${String(location)}` : String(response.statusCode);
}

function matches(outcome: Outcome, url: string, response: LightMyRequestResponse): boolean {
  const seen = describeResponse(response);
  if (outcome === 'login') return seen === `303 → /login?next=${encodeURIComponent(url)}`;
  if (typeof outcome === 'number') return response.statusCode === outcome && (outcome < 300 || outcome >= 400);
  const location = String(response.headers.location ?? '');
  return response.statusCode === 303 && (typeof outcome.redirect === 'string' ? location === outcome.redirect : outcome.redirect.test(location));
}

function show(outcome: Outcome): string {
  if (outcome === 'login') return '303 → /login?next=…';
  if (typeof outcome === 'number') return String(outcome);
  return `303 → ${String(outcome.redirect)}`;
}

/** Refused: an error status or the way to the login page. Refused requests must change nothing. */
function refused(outcome: Outcome): boolean {
  return outcome === 'login' || (typeof outcome === 'number' && outcome >= 400);
}

describe('authorization: every route × every role', () => {
  let t: SecurityApp;
  let f: Fixture;
  /** Which secrets an entitled role did see somewhere: proof that the leak search looks at real pages. */
  const seenBy = new Map<string, Set<Role>>();

  beforeAll(async () => {
    t = await createSecurityApp();
    f = await buildFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fingerprint of every table but the sessions (which a request may refresh); notifications read count too. */
  const fingerprint = () => snapshot(t.database, { strict: true });

  async function browserFor(role: Role, fresh: boolean): Promise<Browser> {
    if (role === 'anonymous') return freshBrowser(t.app);
    if (role === 'guest') return guestBrowser(t.app, f.guest.token);
    return fresh ? logIn(t.app, f.people[role].email) : f.browsers[role];
  }

  function checkSecrets(role: Role, c: Case, label: string, response: LightMyRequestResponse) {
    const text = `${response.body} ${String(response.headers.location ?? '')} ${String(response.headers['content-disposition'] ?? '')}`;
    for (const secret of f.secrets) {
      const variants = [secret.value, secret.value.replace(/\s+/g, '')];
      const found = variants.some((variant) => text.includes(variant));
      if (!found) continue;
      const entitled = secret.entitled.includes(role) || (secret.linkHolder && c.bearerLink === true);
      expect(entitled, `${secret.label} shown to ${role} on ${label}`).toBe(true);
      if (!secret.entitled.includes(role)) continue;
      if (!seenBy.has(secret.label)) seenBy.set(secret.label, new Set());
      seenBy.get(secret.label)!.add(role);
    }
  }

  it('every route of the app has a row in the table, and every row a route', () => {
    // Fastify answers HEAD with the GET handler; those are left out of t.routes and checked alongside each GET below.
    const routes = t.routes.map((r) => `${r.method} ${r.url}`);
    const rows = TABLE.map((row) => row.route);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((route) => !rows.includes(route)), 'routes without a row in the authorization table').toEqual([]);
    expect(rows.filter((route) => !routes.includes(route)), 'rows for routes the app does not have').toEqual([]);
    expect(new Set(rows).size, 'one row per route').toBe(rows.length);
  });

  // Per case, the refused roles go first, so each one tries while there is still something to take.
  const runs = TABLE.flatMap((row) =>
    row.cases.flatMap((c) => {
      const order = [...ROLES].sort((x, y) => Number(!refused(expectedOf(c, x))) - Number(!refused(expectedOf(c, y))));
      return order.map((role) => ({ title: `${row.route}${c.name ? ` (${c.name})` : ''} as ${role} → ${show(expectedOf(c, role))}`, row, c, role }));
    }),
  );

  it.each(runs)('$title', async ({ row, c, role }) => {
    const method = row.route.split(' ')[0]!;
    const url = c.url(f);
    const browser = await browserFor(role, c.freshSession === true);
    const label = `${method} ${url}`;
    const expected = expectedOf(c, role);

    if (method === 'GET') {
      const response = await browser.get(url);
      if (!matches(expected, url, response)) expect(describeResponse(response), label).toBe(show(expected));
      checkSecrets(role, c, label, response);
      const head = await browser.request({ method: 'HEAD', url });
      expect(describeResponse(head), `HEAD ${url}`).toBe(describeResponse(response));
      return;
    }

    const mustNotChange = c.changesNothing === true || refused(expected);
    const before = mustNotChange ? await fingerprint() : null;
    const response = c.photo ? await photoUpload(browser, url) : await browser.post(url, c.form?.(f, role === 'guest' ? 'anonymous' : role) ?? {});
    if (!matches(expected, url, response)) expect(describeResponse(response), label).toBe(show(expected));
    checkSecrets(role, c, label, response);
    if (before) expect(await fingerprint(), `${label} as ${role} changed the database`).toEqual(before);
  });

  it('the leak search looked at real pages: every secret was shown to someone entitled to it', () => {
    const unseen = f.secrets.filter((secret) => !seenBy.has(secret.label)).map((secret) => secret.label);
    expect(unseen).toEqual([]);
    expect(seenBy.get('client 1 clientName')).toEqual(new Set(['giver', 'receiver']));
  });

  it('group A keeps its name and its host role after every attempt from outside', async () => {
    const [group] = await t.database.query<{ name: string }>('select name from groups where id = $1', [f.groupA]);
    expect(group!.name).toBe(f.settingsA.name);
    const [sven] = await t.database.query<{ role: string; active: boolean }>('select role, active from members where id = $1', [
      f.people.sven.member.id,
    ]);
    expect(sven).toEqual({ role: 'member', active: true });
  });
});
