import { LRUCache } from 'lru-cache';

/**
 * Rendered trust pages, per instance. Scoring a member's whole ledger and rendering one line per
 * event costs tens of milliseconds, while the page only changes when the group's ledger grows,
 * the member is renamed, or time moves on. The key holds all of that — the chain head read from
 * the database on every request (so several instances stay correct without talking to each
 * other), the subject's name, the viewer's language, whether it is the member's own page, whether
 * the viewer may correct events on it (another host of the group), how many client comments
 * shared with the group are still there (retention erases them without a ledger event), and the
 * minute of the app clock (decay and "as of" move with time; names of other members involved are
 * at most a minute old).
 */
export type TrustPageKey = {
  memberId: string;
  ledgerHead: number;
  /** Client comments about the member shared with the group and not erased (ledger/queries.ts memberBySlug). */
  sharedComments: number;
  name: string;
  locale: string;
  isOwn: boolean;
  /** A host of the group looking at someone else's page: the page carries "Korrigieren" links. */
  canCorrect: boolean;
  now: Date;
};

export type RenderedPage = { title: string; html: string };

const MINUTE = 60_000;

export function trustPageCacheKey(key: TrustPageKey): string {
  return [key.memberId, key.ledgerHead, key.sharedComments, key.locale, key.isOwn ? 'own' : 'other', key.canCorrect ? 'host' : 'member', Math.floor(key.now.getTime() / MINUTE), key.name].join('|');
}

/** A bounded cache whose concurrent misses for one key share a single render. */
export function createPageCache(max = 500) {
  const pages = new LRUCache<string, RenderedPage, () => Promise<RenderedPage>>({
    max,
    fetchMethod: (_key, _stale, { context }) => context(),
  });
  return {
    async get(key: TrustPageKey, render: () => Promise<RenderedPage>): Promise<RenderedPage> {
      const page = await pages.fetch(trustPageCacheKey(key), { context: render });
      return page ?? render();
    },
  };
}
