import { describe, expect, it } from 'vitest';
import { createFreshCache, type Freshness } from '../../server/cache/freshness.js';

function freshness(): Freshness {
  let generation = 0;
  return {
    get generation() {
      return generation;
    },
    bump() {
      generation++;
    },
  };
}

describe('a cache of values good until the data changes', () => {
  it('serves a value until the generation moves, then computes it again', async () => {
    const f = freshness();
    const cache = createFreshCache<{ n: number }>(f, { max: 10 });
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    expect(await cache.get('k', compute)).toEqual({ n: 1 });
    expect(await cache.get('k', compute)).toEqual({ n: 1 });
    f.bump();
    expect(await cache.get('k', compute)).toEqual({ n: 2 });
  });

  it('never keeps a value whose data was read before a change that landed while it was computed', async () => {
    const f = freshness();
    const cache = createFreshCache<{ n: number }>(f, { max: 10 });
    let release!: () => void;
    const slow = cache.get('k', () => new Promise((resolve) => (release = () => resolve({ n: 1 }))));
    f.bump();
    release();
    expect(await slow).toEqual({ n: 1 });
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k', async () => ({ n: 2 }))).toEqual({ n: 2 });
  });

  it("keeps nothing built from inputs read before the latest change (a request's viewer)", async () => {
    const f = freshness();
    const cache = createFreshCache<{ n: number }>(f, { max: 10 });
    const viewerReadAt = f.generation;
    f.bump();
    expect(await cache.get('k', async () => ({ n: 1 }), viewerReadAt)).toEqual({ n: 1 });
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k', async () => ({ n: 2 }), f.generation)).toEqual({ n: 2 });
    expect(cache.peek('k')).toEqual({ n: 2 });
  });

  it('serves nothing older than its maximum age', async () => {
    const cache = createFreshCache<{ n: number }>(freshness(), { max: 10, maxAgeMs: 20 });
    await cache.get('k', async () => ({ n: 1 }));
    expect(cache.peek('k')).toEqual({ n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(cache.peek('k')).toBeUndefined();
  });

  it('lets concurrent misses for one key share a single computation', async () => {
    const cache = createFreshCache<{ n: number }>(freshness(), { max: 10 });
    let computed = 0;
    const compute = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { n: ++computed };
    };
    const results = await Promise.all([cache.get('k', compute), cache.get('k', compute), cache.get('k', compute)]);
    expect(results.map((r) => r.n)).toEqual([1, 1, 1]);
  });

  it('keeps nothing from a failed computation', async () => {
    const cache = createFreshCache<{ n: number }>(freshness(), { max: 10 });
    await expect(cache.get('k', async () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    expect(await cache.get('k', async () => ({ n: 3 }))).toEqual({ n: 3 });
  });

  it('stays within its byte budget, dropping the least recently used', async () => {
    const cache = createFreshCache<{ text: string }>(freshness(), { max: 100, bytes: { maxSize: 10, sizeOf: (v) => v.text.length } });
    await cache.get('a', async () => ({ text: 'aaaa' }));
    await cache.get('b', async () => ({ text: 'bbbb' }));
    await cache.get('c', async () => ({ text: 'cccc' }));
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('c')).toEqual({ text: 'cccc' });
  });
});
