import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { createSession, SESSION_COOKIE } from '../../server/auth/session.js';
import { testConfig } from '../../server/config.js';
import { freePort } from '../../scripts/lib/server-process.js';
import { createTestApp, type TestApp, testClock } from './app.js';
import { openTestDatabase } from './database.js';
import { PASSWORD } from './world/index.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export type E2eServer = Awaited<ReturnType<typeof startServer>>;

/**
 * The set-up of a browser test file: the server (startServer) and Chromium, started in beforeAll
 * and closed in afterAll, with the contexts made through newContext closed first. Call it inside
 * the describe; read `server` and `browser` in the tests (they exist only once beforeAll ran).
 */
export function browserSuite(): { readonly server: E2eServer; readonly browser: Browser; newContext(options?: BrowserContextOptions): Promise<BrowserContext> } {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browserSuite: the ${what} is not started yet (use it inside a test)`);
    return value;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    async newContext(options) {
      const context = await started(browser, 'browser').newContext(options);
      contexts.push(context);
      return context;
    },
  };
}

/**
 * The real app listening on a free port, for a real browser. When KREIS_E2E_BASE_URL is set
 * (scripts/two-instances.ts: two instances behind a proxy), the tests use the instances already
 * running there and seed through KREIS_E2E_DATABASE_URL instead.
 */
export async function startServer(): Promise<TestApp & { baseUrl: string }> {
  const external = process.env.KREIS_E2E_BASE_URL;
  if (external) return useRunningInstances(external, process.env.KREIS_E2E_DATABASE_URL);
  // A real browser checks cookie expiry against the real time, so this app's clock starts now.
  // The browser's Origin must be PUBLIC_URL (the CSRF check), so the port is chosen before the app.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const listening = await createTestApp({ port, publicUrl: new URL(baseUrl) }, new Date());
  await listening.app.listen({ port, host: '127.0.0.1' });
  return { ...listening, baseUrl };
}

/** Instances started elsewhere: only `app.db` (their database) exists here; anything else throws. */
async function useRunningInstances(baseUrl: string, databaseUrl: string | undefined): Promise<TestApp & { baseUrl: string }> {
  if (!databaseUrl) throw new Error('KREIS_E2E_BASE_URL needs KREIS_E2E_DATABASE_URL, the instances\' database');
  const database = await openDatabase({ url: databaseUrl, maxConnections: 2 });
  const app = new Proxy({ db: database.db } as Record<PropertyKey, unknown>, {
    get(target, property) {
      if (property in target || property === 'then') return target[property];
      throw new Error(`server.app.${String(property)} is not available against running instances (KREIS_E2E_BASE_URL)`);
    },
  }) as unknown as FastifyInstance;
  const asOwner: TestApp['asOwner'] = () => Promise.reject(new Error('asOwner is not available against running instances'));
  return { app, database, clock: testClock(new Date()), asOwner, baseUrl, close: () => database.close() };
}

/**
 * A page of a fresh browser context, logged in through the login page as a member does. Console
 * errors and uncaught page errors go to `errors`, when given.
 */
export async function logInPage(
  suite: { readonly server: { baseUrl: string }; newContext(options?: BrowserContextOptions): Promise<BrowserContext> },
  email: string,
  options: { viewport?: { width: number; height: number }; errors?: string[] } = {},
): Promise<Page> {
  const context = await suite.newContext({ locale: 'de-DE', viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = options.errors;
  if (errors) {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  }
  await page.goto(`${suite.server.baseUrl}/login`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('main button[type=submit]')]);
  return page;
}

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

/** A fresh session cookie for an account, for a real browser's context (no log-in form, no rate limit). */
export async function sessionCookie(t: ListeningApp, accountId: string) {
  const { token } = await createSession(t.app.db, accountId, t.clock.now());
  return { name: SESSION_COOKIE, value: token, url: t.baseUrl };
}
