import { readFileSync } from 'node:fs';
import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fromRoot } from '../../root.js';
import { ASSET_PREFIX, type Asset, type Assets } from '../shared/assets.js';

/**
 * How pages and files travel: compressed (brotli or gzip), fingerprinted files cached for a year,
 * and what makes Kreis installable: the web app manifest, the service worker and its offline page.
 *
 * Registered before any route: @fastify/compress hooks every route as it is added, so pages from
 * the page cache (plugins/page-cache.ts) are compressed on the way out like any other; a cached
 * page differs per viewer (its header), so it is kept uncompressed and compressed per request at a
 * fast brotli level. Fingerprinted files are compressed once, at their best level, at start-up.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A fingerprinted URL whose hash is no longer current (a page rendered before a deploy): the current file, briefly. */
const STALE_HASH = 'public, max-age=300';
const REVALIDATE = 'no-cache';

export const THEME_COLOR = '#a84b25';
export const BACKGROUND_COLOR = '#faf7f2';

/** The best encoding the request accepts among those kept for the file. */
function pickEncoding(request: FastifyRequest, asset: Asset): 'br' | 'gzip' | undefined {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  const offers = (name: string) => new RegExp(`(^|[\\s,])${name}(?!;\\s*q=0(\\.0*)?(\\s|,|$))`, 'i').test(accepted);
  if (asset.br && offers('br')) return 'br';
  if (asset.gzip && offers('gzip')) return 'gzip';
  return undefined;
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset, cacheControl: string) {
  const encoding = pickEncoding(request, asset);
  reply.type(asset.type).header('cache-control', cacheControl);
  if (asset.br) reply.header('vary', 'Accept-Encoding');
  if (!encoding) return reply.send(asset.body);
  return reply.header('content-encoding', encoding).send(encoding === 'br' ? asset.br : asset.gzip);
}

export function webManifest(assets: Assets) {
  return {
    name: 'Kreis',
    short_name: 'Kreis',
    lang: 'de',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: [
      { src: assets.url('/icons/icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: assets.url('/icons/icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: assets.url('/icons/maskable-512.png'), sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}

/** Registered before the first route (@fastify/static's /public/ included): compress hooks routes as they are added. */
export const compression = fp(
  async function compression(app: FastifyInstance) {
    await app.register(compress, {
      global: true,
      encodings: ['br', 'gzip'],
      threshold: 1024,
      // Pages are compressed per request: quality 4 is several times faster than the default 11 and
      // within a few per cent of its size on HTML.
      brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    });
  },
  { name: 'compression' },
);

export default fp(
  async function webDelivery(app: FastifyInstance, options: { assets: Assets }) {
    const { assets } = options;

    app.get<{ Params: { hash: string; '*': string } }>(`${ASSET_PREFIX}:hash/*`, { compress: false }, async (request, reply) => {
      const asset = assets.get(request.params['*']);
      if (!asset) return reply.callNotFound();
      return sendAsset(request, reply, asset, asset.hash === request.params.hash ? IMMUTABLE : STALE_HASH);
    });

    const manifest = JSON.stringify(webManifest(assets));
    app.get('/manifest.webmanifest', async (_request, reply) =>
      reply.type('application/manifest+json; charset=utf-8').header('cache-control', 'public, max-age=3600').send(manifest),
    );

    // The worker must live at the root to control every page; its text carries the assets' version,
    // so any change to a file (or to the offline page's styles) installs a new worker.
    const worker = readFileSync(fromRoot('public/sw.js'), 'utf8').replace('__KREIS_VERSION__', assets.version);
    app.get('/sw.js', async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', REVALIDATE).send(worker),
    );

    // Shown by the service worker when a page cannot be loaded; nothing about the visitor on it.
    app.get('/offline.html', async (request, reply) => {
      reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE);
      return reply.view('pages/offline', { locale: request.locale, description: request.t('web.offline.text') });
    });

    app.get('/robots.txt', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send('User-agent: *\nAllow: /\n'),
    );
  },
  { name: 'web-delivery', dependencies: ['views'] },
);
