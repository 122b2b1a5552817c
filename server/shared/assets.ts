import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * The files under public/, each known by a fingerprint of its content. Pages link them as
 * `/assets/<hash>/css/app.css` (`{{asset "/css/app.css"}}`): such a URL never changes its content,
 * so browsers may keep it for a year (`immutable`); a changed file gets a new URL. Everything is
 * read and compressed once at start-up (public/ is a few dozen KB).
 */
export type Asset = {
  /** "/css/app.css" */
  path: string;
  hash: string;
  url: string;
  type: string;
  body: Buffer;
  /** Pre-compressed variants of text files (brotli at its best quality, gzip level 9). */
  br?: Buffer;
  gzip?: Buffer;
};

export const ASSET_PREFIX = '/assets/';
/** The unfingerprinted path (short caching); links written by hand or by old pages still work. */
export const PUBLIC_PREFIX = '/public/';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.css', '.js', '.svg', '.json', '.webmanifest', '.html']);
/** Smaller files gain nothing from compression but the header. */
const MIN_COMPRESS_BYTES = 512;

export function fingerprint(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** "/public/css/app.css", "css/app.css" and "/css/app.css" all name the file public/css/app.css. */
export function normalizeAssetPath(path: string): string {
  const trimmed = path.startsWith(PUBLIC_PREFIX) ? path.slice(PUBLIC_PREFIX.length - 1) : path;
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export type Assets = ReturnType<typeof loadAssets>;

export function loadAssets(dir: string) {
  const byPath = new Map<string, Asset>();
  for (const file of walk(dir)) {
    const path = `/${relative(dir, file).split(sep).join('/')}`;
    const body = readFileSync(file);
    const ext = extname(file).toLowerCase();
    const hash = fingerprint(body);
    const asset: Asset = { path, hash, url: `${ASSET_PREFIX}${hash}${path}`, type: TYPES[ext] ?? 'application/octet-stream', body };
    if (COMPRESSIBLE.has(ext) && body.length >= MIN_COMPRESS_BYTES) {
      asset.br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
      asset.gzip = gzipSync(body, { level: 9 });
    }
    byPath.set(path, asset);
  }
  /** One fingerprint over all files: changes whenever any asset does (the service worker's version). */
  const version = fingerprint([...byPath.values()].map((asset) => `${asset.path}:${asset.hash}`).sort().join('\n'));
  return {
    version,
    /** The file at a path, if there is one. */
    get: (path: string): Asset | undefined => byPath.get(normalizeAssetPath(path)),
    /** The fingerprinted URL of a file; a path that names no file keeps its /public/ URL. */
    url(path: string): string {
      const asset = byPath.get(normalizeAssetPath(path));
      return asset ? asset.url : `${PUBLIC_PREFIX}${normalizeAssetPath(path).slice(1)}`;
    },
    all: () => [...byPath.values()],
  };
}
