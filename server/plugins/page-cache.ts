import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createFreshCache } from './freshness.js';

/**
 * Pages rendered once and reused until shared data changes (freshness.ts). The body of a page is
 * kept; the layout around it (header, navigation, unread badge) is rendered for every request.
 *
 * A page is kept per viewer account: what it shows may depend on who looks (contact details for
 * the group, "your own profile", a host's links), and the account's memberships cannot change
 * without a new generation. The minute is part of the key because pages say "vor 4 Monaten" and
 * scores decay with time.
 */
export type RenderedPage = { title: string; html: string; noindex: boolean; styles?: string[]; status?: number };

const MINUTE_MS = 60_000;
/** Per page kind and instance: a few hundred pages of a busy group. */
const MAX_BYTES = 16 * 1024 * 1024;

export function createPageCache(app: FastifyInstance) {
  const pages = createFreshCache<RenderedPage>(app.freshness, 2_000, { maxSize: MAX_BYTES, sizeOf: (page) => page.html.length });
  return {
    /** The page for this request from the cache, or rendered by `render` and kept. */
    async send(request: FastifyRequest, reply: FastifyReply, parts: string[], render: () => Promise<RenderedPage>) {
      const minute = Math.floor(app.clock().getTime() / MINUTE_MS);
      const key = [request.viewer?.accountId ?? '-', request.locale, minute, ...parts].join('|');
      const { status, ...page } = await pages.get(key, render);
      return reply.page('prerendered', page, status);
    },
  };
}
