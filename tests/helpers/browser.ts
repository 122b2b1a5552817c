import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { freePort } from '../../scripts/lib/server-process.js';
import { createTestApp, type TestApp, testClock } from './app.js';

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
