import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createSession, SESSION_COOKIE } from '../../../server/auth/session.js';
import { GUEST_COOKIE } from '../../../server/breakfasts/guests.js';
import { Browser } from '../app.js';
import { PASSWORD } from './people.js';

let addresses = 0;

/**
 * A browser from an address of its own, so the per-address rate limits (log-in, feedback links,
 * guest links) stay per test. The address is sent both as the connection's address and as
 * X-Forwarded-For, so it counts whether or not the app trusts a proxy.
 */
export class AddressedBrowser extends Browser {
  readonly ip: string;
  constructor(app: FastifyInstance, headers: Record<string, string> = {}) {
    const n = ++addresses;
    // Each browser on a /24 network of its own, so no two count as one network (server/signals).
    const ip = `10.${(n >> 8) & 255}.${n & 255}.${1 + (n % 250)}`;
    super(app, { 'x-forwarded-for': ip, ...headers });
    this.ip = ip;
  }

  override request(options: InjectOptions): Promise<LightMyRequestResponse> {
    return super.request({ ...options, remoteAddress: this.ip });
  }
}

/** A client's browser (no account): a referred client opening their link, from an address of their own. */
export { AddressedBrowser as ClientBrowser };

/** A signed-out browser from an address of its own. */
export function freshBrowser(app: FastifyInstance, headers: Record<string, string> = {}): Browser {
  return new AddressedBrowser(app, headers);
}

/** A browser logged in through the log-in form, as a member does (from an address of its own). */
export async function logIn(app: FastifyInstance, email: string, headers: Record<string, string> = {}): Promise<Browser> {
  const browser = new AddressedBrowser(app, headers);
  await browser.login(email, PASSWORD);
  return browser;
}

/** A new session token for the account, made directly (many log-ins would meet the login limit). */
export async function sessionToken(app: FastifyInstance, accountId: string): Promise<string> {
  const { token } = await createSession(app.db, accountId, app.clock());
  return token;
}

/** A browser holding a session of the account, made directly (no log-in form, no rate limit). */
export async function sessionBrowser(app: FastifyInstance, accountId: string, token?: string): Promise<Browser> {
  const browser = new AddressedBrowser(app);
  browser.cookies.set(SESSION_COOKIE, token ?? (await sessionToken(app, accountId)));
  return browser;
}

/** A guest's browser: the cookie a guest gets from registering through a breakfast's guest link. */
export function guestBrowser(app: FastifyInstance, guestToken: string): Browser {
  const browser = new AddressedBrowser(app);
  browser.cookies.set(GUEST_COOKIE, guestToken);
  return browser;
}
