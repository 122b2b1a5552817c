import type { Db } from '../../db/client.js';
import { errors } from '../shared/errors.js';
import type { Locale } from '../shared/i18n.js';
import { randomToken, sha256Hex } from '../shared/tokens.js';
import { type GuestRow, breakfastQueries } from './queries.js';
import type { GuestInput } from './schemas.js';
import { DAY_MS } from '../shared/time.js';

/**
 * Guests: visitors who come to a breakfast through its guest link, without an account. They
 * register with name, trade and a short Warum; a cookie with a random token (only its hash is
 * stored) lets them into the live room of that one breakfast.
 */

/** The cookie the live room reads to know a guest: its value is the token whose SHA-256 is `access_token_hash`. */
export const GUEST_COOKIE = 'kreis_guest';


export type GuestBreakfast = {
  id: string;
  groupId: string;
  groupName: string;
  groupLocale: Locale;
  groupTimeZone: string;
  startsAt: Date;
  endsAt: Date;
  videoUrl: string;
};

/** The breakfast a guest link opens, whatever its state; unknown links are "not found". */
export async function findGuestLink(db: Db, token: string): Promise<GuestBreakfast & { cancelled: boolean }> {
  const row = await breakfastQueries(db).findByGuestTokenHash(sha256Hex(token));
  if (!row) throw errors.notFound('breakfasts.errors.guest_link_unknown');
  const endsAt = new Date(row.startsAt.getTime() + row.durationMinutes * 60 * 1000);
  return {
    id: row.id,
    groupId: row.groupId,
    groupName: row.groupName,
    groupLocale: row.groupLocale,
    groupTimeZone: row.groupTimeZone,
    startsAt: row.startsAt,
    endsAt,
    videoUrl: row.videoUrl,
    cancelled: row.cancelledAt !== null,
  };
}

/** A cancelled or finished breakfast takes no more guests. */
export function requireOpen(breakfast: GuestBreakfast & { cancelled: boolean }, now: Date): GuestBreakfast {
  if (breakfast.cancelled) throw errors.gone('breakfasts.errors.cancelled');
  if (breakfast.endsAt.getTime() <= now.getTime()) throw errors.gone('breakfasts.errors.over');
  return breakfast;
}

/** The guest cookie lasts until a day after the breakfast ends. */
export function guestCookieExpiry(breakfast: Pick<GuestBreakfast, 'endsAt'>): Date {
  return new Date(breakfast.endsAt.getTime() + DAY_MS);
}

export type Registration = {
  guest: GuestRow;
  /** Goes into the guest's cookie; only its hash is stored. */
  accessToken: string;
  /** The trade's name when an active member already holds it (one seat per trade): the guest is told, and welcome anyway. */
  tradeTaken: string | undefined;
};

export async function registerGuest(db: Db, breakfast: GuestBreakfast, input: GuestInput, now: Date): Promise<Registration> {
  const q = breakfastQueries(db);
  const tradeTaken = await q.heldTrade(breakfast.groupId, input.trade);
  const accessToken = randomToken(32);
  const guest = await q.insertGuest({
    breakfastId: breakfast.id,
    name: input.name,
    trade: input.trade,
    email: input.email || null,
    warum: input.warum,
    accessTokenHash: sha256Hex(accessToken),
    createdAt: now,
  });
  return { guest, accessToken, tradeTaken };
}

/**
 * The guest a `kreis_guest` cookie belongs to (with the breakfast it is for), or undefined.
 * The live room authenticates guests with this.
 */
export async function guestFromToken(db: Db, token: string | undefined): Promise<GuestRow | undefined> {
  if (!token || token.length > 100) return undefined;
  return breakfastQueries(db).guestByAccessTokenHash(sha256Hex(token));
}
