import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../helpers/app.js';
import { countRows, createTestApp, ORIGIN, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, seedGroup, seedMember } from '../helpers/world/index.js';

describe('profile photos', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function member() {
    const { group } = await seedGroup(t.app.db);
    const seeded = await seedMember(t.app.db, group.id, 'Paula Porträt');
    return { group, ...seeded, browser: await logIn(t.app, seeded.email) };
  }

  /** A multipart upload as the editor's photo form sends it. */
  function upload(browser: Browser, bytes: Buffer, filename: string, type: string) {
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(bytes)], { type }), filename);
    return browser.request({ method: 'POST', url: '/profile/photo', payload: form, headers: { origin: ORIGIN } });
  }

  const png = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: { r: 168, g: 75, b: 37 } } })
      .png()
      .toBuffer();

  it('a PNG is stored as a 400×400 WebP and served with ETag and caching headers', async () => {
    const { member: m, browser } = await member();
    const response = await upload(browser, await png(900, 600), 'ich.png', 'image/png');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/profile/edit#photo');

    const photo = await browser.get(`/m/${m.slug}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/webp');
    expect(photo.headers['cache-control']).toBe('private, no-cache');
    const etag = photo.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const meta = await sharp(photo.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 400, height: 400 });

    const cached = await browser.get(`/m/${m.slug}/photo`, { 'if-none-match': etag });
    expect(cached.statusCode).toBe(304);

    const editor = await browser.get('/profile/edit');
    expect(editor.body).toContain(`src="/m/${m.slug}/photo"`);
    expect(visibleText(editor.body)).toContain('Foto entfernen');
  });

  it('a text file disguised as a PNG is refused with a clear message, nothing stored', async () => {
    const { member: m, browser } = await member();
    const response = await upload(browser, Buffer.from('Das ist kein Bild, nur Text.\n'.repeat(20)), 'foto.png', 'image/png');
    expect(response.statusCode).toBe(400);
    expect(visibleText(response.body)).toContain('Diese Datei ist kein Bild, das wir lesen können.');
    expect(response.body).toMatch(/id="f-photo"[^>]*aria-invalid="true"/);
    expect(await countRows(t.database, 'photos', 'member_id = $1', [m.id])).toBe(0);
  });

  it('a file that is not declared an image is refused, even if it is one', async () => {
    const { member: m, browser } = await member();
    const response = await upload(browser, await png(50, 50), 'foto.txt', 'text/plain');
    expect(response.statusCode).toBe(400);
    expect(await countRows(t.database, 'photos', 'member_id = $1', [m.id])).toBe(0);
  });

  it('a file over 5 MB is refused with 413, nothing stored', async () => {
    const { member: m, browser } = await member();
    const big = Buffer.concat([await png(10, 10), Buffer.alloc(5 * 1024 * 1024 + 10, 1)]);
    const response = await upload(browser, big, 'gross.png', 'image/png');
    expect(response.statusCode).toBe(413);
    expect(visibleText(response.body)).toContain('Das Foto ist zu groß. Es darf höchstens 5 MB haben.');
    expect(await countRows(t.database, 'photos', 'member_id = $1', [m.id])).toBe(0);
  });

  it('submitting without a file asks for one', async () => {
    const { browser } = await member();
    const form = new FormData();
    form.append('note', 'no file');
    const response = await browser.request({ method: 'POST', url: '/profile/photo', payload: form, headers: { origin: ORIGIN } });
    expect(response.statusCode).toBe(400);
    expect(visibleText(response.body)).toContain('Bitte wähle ein Foto aus.');
  });

  /** Bodies a broken client, an aborted upload or a prober sends: each must be a 400 in the user's language, never a 500. */
  const MALFORMED: { name: string; contentType: string; body: string; missing?: true }[] = [
    {
      name: 'cut off before the closing boundary',
      contentType: 'multipart/form-data; boundary=----cut',
      body: '------cut\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG',
    },
    { name: 'no boundary in the content type', contentType: 'multipart/form-data', body: 'irgendwas' },
    { name: 'a body that is not multipart at all', contentType: 'multipart/form-data; boundary=xyz', body: 'garbage without any boundary' },
    {
      name: 'a part without a Content-Disposition header',
      contentType: 'multipart/form-data; boundary=b',
      body: '--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n',
      // The parser skips a part it cannot name, so there is no file at all.
      missing: true,
    },
  ];

  it('a malformed multipart upload answers 400 with a clear message in the user’s language and stores nothing', async () => {
    const { member: m, browser } = await member();
    for (const [language, incomplete, missing] of [
      ['de', 'Das Foto ist nicht vollständig angekommen.', 'Bitte wähle ein Foto aus.'],
      ['en', 'The photo did not arrive completely.', 'Please choose a photo.'],
    ] as const) {
      for (const malformed of MALFORMED) {
        const response = await browser.request({
          method: 'POST',
          url: `/profile/photo?lang=${language}`,
          payload: malformed.body,
          headers: { 'content-type': malformed.contentType, origin: ORIGIN },
        });
        expect(response.statusCode, `${malformed.name} (${language})`).toBe(400);
        expect(visibleText(response.body), `${malformed.name} (${language})`).toContain(malformed.missing ? missing : incomplete);
      }
    }
    expect(await countRows(t.database, 'photos', 'member_id = $1', [m.id])).toBe(0);
  });

  it('a new upload replaces the photo; removing it brings back the initials', async () => {
    const { member: m, browser } = await member();
    await upload(browser, await png(400, 400), 'a.png', 'image/png');
    const first = (await browser.get(`/m/${m.slug}/photo`)).headers.etag;
    const jpeg = await sharp({ create: { width: 300, height: 500, channels: 3, background: '#225588' } }).jpeg().toBuffer();
    expect((await upload(browser, jpeg, 'b.jpg', 'image/jpeg')).statusCode).toBe(303);
    expect((await browser.get(`/m/${m.slug}/photo`)).headers.etag).not.toBe(first);
    expect(await countRows(t.database, 'photos', 'member_id = $1', [m.id])).toBe(1);

    expect((await browser.post('/profile/photo/delete')).statusCode).toBe(303);
    expect(await countRows(t.database, 'photos', 'member_id = $1', [m.id])).toBe(0);
    expect((await browser.get(`/m/${m.slug}/photo`)).statusCode).toBe(404);
    const profile = await browser.get(`/m/${m.slug}`);
    expect(profile.body).toContain('avatar--initials');
    expect(profile.body).not.toContain(`/m/${m.slug}/photo`);
  });

  it('the photo follows the profile’s visibility', async () => {
    const { member: m, browser } = await member();
    await upload(browser, await png(100, 100), 'a.png', 'image/png');
    const stranger = await logIn(t.app, (await seedMember(t.app.db, (await seedGroup(t.app.db)).group.id)).email);
    expect((await stranger.get(`/m/${m.slug}/photo`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/m/${m.slug}/photo` })).statusCode).toBe(404);

    await t.database.query('update members set is_public = true where id = $1', [m.id]);
    const anonymous = await t.app.inject({ method: 'GET', url: `/m/${m.slug}/photo` });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers['cache-control']).toBe('public, max-age=300');
  });
});
