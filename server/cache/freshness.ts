import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';

/**
 * When may an instance reuse what it read from the database a moment ago? Every statement that
 * changes shared data announces itself (database triggers, migration 0008) on one channel; each
 * instance counts the notices in `generation`. A cached value is stored with the generation read
 * *before* its data was read, and served only while the generation is unchanged: so it is never
 * older than the last change another instance committed, give or take the notice's flight time
 * (a few milliseconds).
 *
 * Within this instance the generation moves at once: every request that may write (any method
 * but GET and HEAD) bumps it before its answer leaves, so the browser's next request never sees
 * what was there before (unless it was refused: bad input changes nothing). GET routes and socket
 * messages that write bump it themselves (`freshness.bump()`). A lost listening connection may
 * miss notices: when it is back, everything is dropped, and nothing is served older than its
 * cache's maximum age in any case (10 s; validated sessions 2 s).
 */
export const CHANGE_CHANNEL = 'kreis_changed';
const MAX_AGE_MS = 10_000;

export type Freshness = {
  /** Read it before reading the data a cached value is built from. */
  readonly generation: number;
  /** Some shared data may have changed: everything cached so far is stale. */
  bump(): void;
};

declare module 'fastify' {
  interface FastifyInstance {
    freshness: Freshness;
  }
  interface FastifyRequest {
    /**
     * The generation when the request began, before its session and viewer were read: a page
     * built from this viewer must not be kept under a later one.
     */
    dataGeneration: number;
  }
}

type Entry<V> = { generation: number; storedAt: number; value: V };

/**
 * A bounded cache of values that are good until the data changes. Concurrent misses for one key
 * share a single computation.
 */
export type FreshCacheOptions<V> = {
  max: number;
  maxAgeMs?: number;
  /** A byte budget: the sum of `sizeOf` over the entries. */
  bytes?: { maxSize: number; sizeOf: (value: V) => number };
};

export function createFreshCache<V extends object>(freshness: Freshness, options: FreshCacheOptions<V>) {
  const { max, bytes, maxAgeMs = MAX_AGE_MS } = options;
  const entries = new LRUCache<string, Entry<V>>(
    bytes ? { max, maxSize: bytes.maxSize, sizeCalculation: (entry) => Math.max(1, bytes.sizeOf(entry.value)) } : { max },
  );
  const pending = new Map<string, Promise<V>>();
  const fresh = (entry: Entry<V> | undefined) =>
    entry !== undefined && entry.generation === freshness.generation && performance.now() - entry.storedAt < maxAgeMs;

  return {
    peek(key: string): V | undefined {
      const entry = entries.get(key);
      return fresh(entry) ? entry!.value : undefined;
    },
    /** Stores a value read at `generation` (taken before the read). */
    set(key: string, generation: number, value: V) {
      if (generation === freshness.generation) entries.set(key, { generation, storedAt: performance.now(), value });
    },
    /** `readSince`: the generation some of the inputs were read at, if earlier than now (e.g. the viewer). */
    async get(key: string, compute: () => Promise<V>, readSince = Number.POSITIVE_INFINITY): Promise<V> {
      const hit = this.peek(key);
      if (hit) return hit;
      const generation = Math.min(freshness.generation, readSince);
      const flightKey = `${generation}|${key}`;
      const inFlight = pending.get(flightKey);
      if (inFlight) return inFlight;
      const computing = compute()
        .then((value) => {
          this.set(key, generation, value);
          return value;
        })
        .finally(() => pending.delete(flightKey));
      pending.set(flightKey, computing);
      return computing;
    },
  };
}

export default fp(
  async function freshnessPlugin(app: FastifyInstance) {
    let generation = 0;
    const freshness: Freshness = {
      get generation() {
        return generation;
      },
      bump() {
        generation++;
      },
    };
    app.decorate('freshness', freshness);

    app.decorateRequest('dataGeneration', 0);
    app.addHook('onRequest', async (request) => {
      request.dataGeneration = generation;
    });
    // Refused requests (bad input, forgery, rate limit, not found) change nothing: a stream of
    // them must not empty every cache.
    app.addHook('onSend', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) freshness.bump();
    });

    let unlisten: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      unlisten = await app.database.listen(CHANGE_CHANNEL, () => freshness.bump(), () => freshness.bump());
    });
    app.addHook('onClose', async () => {
      await unlisten?.().catch(() => undefined);
    });
  },
  { name: 'freshness' },
);
