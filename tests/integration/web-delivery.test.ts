import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, createTestApp, type TestApp } from '../helpers/app.js';
import { freshBrowser, seedGroup, seedMember, sessionBrowser } from '../helpers/world/index.js';

/**
 * How pages and files travel (plugins/web-delivery.ts): compressed for browsers that accept it,
 * fingerprinted files cached for a year, everything else briefly; the manifest, the service
 * worker and the offline page that make Kreis installable; robots meta per page.
 */
const assetLinks = (html: string) => [...html.matchAll(/(?:href|src)="(\/assets\/[0-9a-f]{12}\/[^"]+)"/g)].map((m) => m[1]!);

describe('web delivery', () => {
  let t: TestApp;
  let member: Browser;
  let slug: string;
  beforeAll(async () => {
    t = await createTestApp();
    const { group } = await seedGroup(t.app.db);
    const maria = await seedMember(t.app.db, group.id);
    slug = maria.member.slug;
    member = await sessionBrowser(t.app, maria.account.id);
  });
  afterAll(async () => t?.close());

  it('links the stylesheet and scripts by fingerprint and serves them immutable, br or gzip as accepted', async () => {
    const page = await freshBrowser(t.app).get('/login');
    expect(page.statusCode).toBe(200);
    const links = assetLinks(page.body);
    const css = links.find((url) => url.endsWith('/css/app.css'));
    expect(css, page.body).toBeDefined();
    expect(page.body).not.toContain('href="/public/css/app.css"');

    const plain = await freshBrowser(t.app).get(css!);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toMatch(/^text\/css/);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toContain('--accent');

    const br = await freshBrowser(t.app).request({ method: 'GET', url: css!, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);

    const gzip = await freshBrowser(t.app).request({ method: 'GET', url: css!, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
  });

  it('keeps unfingerprinted and outdated URLs on short caching', async () => {
    const publicCss = await freshBrowser(t.app).get('/public/css/app.css');
    expect(publicCss.statusCode).toBe(200);
    expect(publicCss.headers['cache-control']).toBe('public, max-age=3600');
    const stale = await freshBrowser(t.app).get('/assets/000000000000/css/app.css');
    expect(stale.statusCode).toBe(200);
    expect(stale.headers['cache-control']).not.toMatch(/immutable/);
    expect((await freshBrowser(t.app).get('/assets/000000000000/css/nope.css')).statusCode).toBe(404);
  });

  it('compresses pages, the page-cached ones included, and marks them private', async () => {
    const login = await freshBrowser(t.app).request({ method: 'GET', url: '/login', headers: { 'accept-encoding': 'br' } });
    expect(login.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(login.rawPayload).toString()).toContain('<html');

    // The profile goes through the page cache (plugins/page-cache.ts): asked twice, both compressed.
    for (const encoding of ['gzip', 'br'] as const) {
      const profile = await member.get(`/m/${slug}`, { 'accept-encoding': encoding });
      expect(profile.statusCode).toBe(200);
      expect(profile.headers['content-encoding']).toBe(encoding);
      expect(profile.headers['cache-control']).toBe('private, no-store');
      const html = (encoding === 'br' ? brotliDecompressSync(profile.rawPayload) : gunzipSync(profile.rawPayload)).toString();
      expect(html).toContain('Maria Mitglied');
    }
    const uncompressed = await member.get(`/m/${slug}`);
    expect(uncompressed.headers['content-encoding']).toBeUndefined();
    expect(uncompressed.body).toContain('Maria Mitglied');
  });

  it('describes public pages for search engines and keeps members’ pages out of them', async () => {
    const login = await freshBrowser(t.app).get('/login');
    expect(login.body).toMatch(/<meta name="description" content="Kreis – [^"]{40,}">/);
    expect(login.body).not.toContain('name="robots"');
    const directory = await member.get('/directory');
    expect(directory.statusCode).toBe(200);
    expect(directory.body).toContain('<meta name="robots" content="noindex">');
    const own = await member.get('/account');
    expect(own.body).toContain('<meta name="robots" content="noindex">');
  });

  it('serves a web app manifest with icons 192, 512 and maskable that exist', async () => {
    const login = await freshBrowser(t.app).get('/login');
    expect(login.body).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    const response = await freshBrowser(t.app).get('/manifest.webmanifest');
    expect(response.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = response.json() as { name: string; lang: string; start_url: string; display: string; icons: { src: string; sizes: string; purpose: string }[] };
    expect(manifest).toMatchObject({ name: 'Kreis', lang: 'de', start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of manifest.icons) {
      const png = await freshBrowser(t.app).get(icon.src);
      expect(png.statusCode, icon.src).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect(png.headers['cache-control']).toMatch(/immutable/);
      const size = Number(icon.sizes.split('x')[0]);
      expect(png.rawPayload.readUInt32BE(16)).toBe(size);
    }
  });

  it('serves the service worker at the root, revalidated, and an offline page without personal data', async () => {
    const worker = await freshBrowser(t.app).get('/sw.js');
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['content-type']).toMatch(/^text\/javascript/);
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.body).not.toContain('__KREIS_VERSION__');
    expect(worker.body).toMatch(/var VERSION = '[0-9a-f]{12}'/);

    const offline = await member.get('/offline.html');
    expect(offline.statusCode).toBe(200);
    expect(offline.body).toContain('Keine Verbindung');
    expect(offline.body).not.toContain('Maria Mitglied');
    const english = await freshBrowser(t.app).get('/offline.html?lang=en');
    expect(english.body).toContain('No connection');
  });
});
