import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAssets, normalizeAssetPath } from '../../server/shared/assets.js';

/** The asset helper ({{asset "/css/app.css"}}): URLs that change exactly when the file does. */
describe('fingerprinted assets', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function publicDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'kreis-assets-'));
    dirs.push(dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  }
  const css = 'body { color: #1f2328; }\n'.repeat(40);

  it('gives /assets/<hash>/<path> for a file, whichever way the path is written', () => {
    const assets = loadAssets(publicDir({ 'css/app.css': css, 'js/a.js': 'console.log(1)' }));
    const url = assets.url('/css/app.css');
    expect(url).toMatch(/^\/assets\/[0-9a-f]{12}\/css\/app\.css$/);
    expect(assets.url('/public/css/app.css')).toBe(url);
    expect(assets.url('css/app.css')).toBe(url);
    expect(assets.url('/js/a.js')).not.toBe(url.replace('css/app.css', 'js/a.js'));
  });

  it('changes the URL when the content changes, and only then', () => {
    const first = loadAssets(publicDir({ 'css/app.css': css, 'js/a.js': 'one' }));
    const same = loadAssets(publicDir({ 'css/app.css': css, 'js/a.js': 'one' }));
    const edited = loadAssets(publicDir({ 'css/app.css': `${css}a { color: red; }`, 'js/a.js': 'one' }));
    expect(same.url('/css/app.css')).toBe(first.url('/css/app.css'));
    expect(same.version).toBe(first.version);
    expect(edited.url('/css/app.css')).not.toBe(first.url('/css/app.css'));
    expect(edited.url('/js/a.js')).toBe(first.url('/js/a.js'));
    expect(edited.version).not.toBe(first.version);
  });

  it('keeps the /public/ URL for a path that names no file', () => {
    const assets = loadAssets(publicDir({ 'css/app.css': css }));
    expect(assets.url('/css/missing.css')).toBe('/public/css/missing.css');
    expect(assets.get('/css/missing.css')).toBeUndefined();
  });

  it('keeps brotli and gzip variants of text files that decompress to the file', () => {
    const assets = loadAssets(publicDir({ 'css/app.css': css, 'icons/a.png': 'not really a png but binary enough' }));
    const file = assets.get('/css/app.css')!;
    expect(file.type).toBe('text/css; charset=utf-8');
    expect(brotliDecompressSync(file.br!).toString()).toBe(css);
    expect(gunzipSync(file.gzip!).toString()).toBe(css);
    expect(assets.get('/icons/a.png')!.br).toBeUndefined();
  });

  it('normalizes paths', () => {
    expect(normalizeAssetPath('/public/js/x.js')).toBe('/js/x.js');
    expect(normalizeAssetPath('js/x.js')).toBe('/js/x.js');
    expect(normalizeAssetPath('/js/x.js')).toBe('/js/x.js');
  });
});
