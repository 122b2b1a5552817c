import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.js';
import { Browser } from './app.js';
import { PASSWORD } from './seed.js';

/** A Warum long enough for the editor (≥ 40 characters). */
export const WARUM = 'Weil gute Zahlen Unternehmerinnen nachts ruhig schlafen lassen – und ich Ordnung liebe.';

let addressCounter = 0;

/**
 * A browser logged in as this account. Each login comes from an address of its own, so a test file
 * with many members stays under the login rate limit (20 per address per 15 minutes).
 */
export async function loggedIn(app: FastifyInstance, email: string, headers: Record<string, string> = {}): Promise<Browser> {
  const browser = new Browser(app, headers);
  const n = ++addressCounter;
  const response = await browser.request({
    method: 'POST',
    url: '/login',
    payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.config.publicUrl.origin },
    remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
  });
  if (response.statusCode !== 303) throw new Error(`login failed for ${email}: ${response.statusCode}`);
  return browser;
}

/** A complete, valid profile form; override what a test is about. */
export function profileForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    warum: WARUM,
    offer: 'Jahresabschlüsse, Lohnbuchhaltung, Beratung bei der Gründung.',
    goodReferral: 'eine Gründerin im ersten Jahr, die ihre Zahlen verstehen will.',
    newTrade: '',
    region: 'Musterstadt und Umland',
    website: 'https://example.org',
    phone: '+49 30 1234567',
    ...overrides,
  };
}

/** The id of a trade in a group, by name. */
export async function tradeId(database: Database, groupId: string, name: string): Promise<string> {
  const rows = await database.query<{ id: string }>('select id from trades where group_id = $1 and lower(name) = lower($2)', [groupId, name]);
  if (!rows[0]) throw new Error(`no trade ${name} in group ${groupId}`);
  return rows[0].id;
}
