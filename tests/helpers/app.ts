import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { type Config, testConfig } from '../../server/config.js';
import { CHANGE_CHANNEL } from '../../server/cache/freshness.js';
import { openTestDatabase } from './database.js';

export const ORIGIN = 'http://localhost:3000';

/** A clock tests can move forward to reach deadlines and expiry. */
export function testClock(start = new Date('2026-11-23T09:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(date: Date) {
      now = date.getTime();
    },
  };
}

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  clock: ReturnType<typeof testClock>;
  /** One statement as the tables' owner (on PostgreSQL the app runs as kreis_app, which may not alter them). */
  asOwner: Database['query'];
  close(): Promise<void>;
};

/** The real app on a fresh database; share one per test file (a PGlite start takes ~1.5 s). */
export async function createTestApp(overrides: Partial<Config> = {}, clockStart?: Date): Promise<TestApp> {
  const { database, asOwner, dispose } = await openTestDatabase();
  const clock = testClock(clockStart);
  const app = await buildApp({ config: testConfig(overrides), database, clock: clock.now, logger: false });
  await app.ready();
  return {
    app,
    database,
    clock,
    asOwner,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

/**
 * A browser stand-in: keeps cookies, sends our Origin on writes, posts forms url-encoded.
 * Asserting on what it gets back is asserting on what a user sees.
 */
/**
 * Waits until the app has heard of every change committed so far (plugins/freshness.ts): a test
 * that writes to the database directly plays another instance, whose changes arrive as notices a
 * few milliseconds later. Notices reach a listener in commit order, so once our own has arrived,
 * every earlier one has too.
 */
export async function changesAnnounced(app: FastifyInstance): Promise<void> {
  await app.ready();
  const before = app.freshness.generation;
  await app.database.notify(CHANGE_CHANNEL, 'test');
  const deadline = Date.now() + 5_000;
  while (app.freshness.generation === before) {
    if (Date.now() > deadline) throw new Error('the change notice never arrived');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Another instance on the test app's database, with caches of its own, as when two servers share PostgreSQL. */
export async function secondInstance(t: TestApp): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(), database: t.database, clock: t.clock.now, logger: false });
  await app.ready();
  return app;
}

export class Browser {
  cookies = new Map<string, string>();
  constructor(
    private readonly app: FastifyInstance,
    readonly headers: Record<string, string> = {},
    /** Off for tests of this instance's own writes, which must be visible without waiting. */
    private readonly awaitNotices = true,
  ) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    if (this.awaitNotices) await changesAnnounced(this.app);
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      ...options,
      headers: { ...(cookie ? { cookie } : {}), ...this.headers, ...(options.headers ?? {}) },
    });
    for (const c of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      // A deleted cookie comes back empty, with max-age 0 or expiring at the epoch. Comparing with
      // the real time would be wrong: the app runs on the test clock, which may be far from today.
      const expired = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= 24 * 60 * 60 * 1000);
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers });
  }

  /** A form post as a browser sends it from one of our pages. */
  post(url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.request({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.app.config.publicUrl.origin, ...headers },
    });
  }

  async login(email: string, password: string) {
    const response = await this.post('/login', { email, password });
    if (response.statusCode !== 303) throw new Error(`login failed for ${email}: ${response.statusCode}`);
    return response;
  }
}

/** Text of an HTML page without tags, whitespace folded: what a reader sees. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

export async function countRows(database: Database, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const rows = await database.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params);
  return rows[0]?.n ?? 0;
}
