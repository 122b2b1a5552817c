import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createFreshCache } from '../cache/freshness.js';
import { layoutData, MAIN_LAYOUT } from './views.js';

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

/** Kept encoded: a trust page is ~80 KB, and measuring and encoding it anew per request showed up in profiles. */
type CachedPage = Omit<RenderedPage, 'html'> & { body: Buffer };

/** Where the kept body goes in the layout rendered for the request. */
const BODY_SLOT = '<!--kreis:page-body-->';

/** The layout around a body, encoded: the header shows the viewer, so it is kept per viewer as well. */
type Shell = { head: Buffer; tail: Buffer };

/** Keys hold what the page depends on (a viewer as JSON, a search); kept as a fixed-size hash. */
const keyOf = (parts: unknown) => createHash('sha256').update(JSON.stringify(parts)).digest('base64url');

export function createPageCache(app: FastifyInstance) {
  const pages = createFreshCache<CachedPage>(app.freshness, { max: 2_000, bytes: { maxSize: MAX_BYTES, sizeOf: (page) => page.body.length } });
  const shells = createFreshCache<Shell>(app.freshness, { max: 2_000, bytes: { maxSize: MAX_BYTES, sizeOf: (shell) => shell.head.length + shell.tail.length } });

  async function renderShell(data: Record<string, unknown>): Promise<Shell> {
    const shell = await app.view('pages/prerendered', { ...data, html: BODY_SLOT }, { layout: MAIN_LAYOUT });
    const slot = shell.indexOf(BODY_SLOT);
    return { head: Buffer.from(shell.slice(0, slot)), tail: Buffer.from(shell.slice(slot + BODY_SLOT.length)) };
  }

  const renderCached = (render: () => Promise<RenderedPage>) => async (): Promise<CachedPage> => {
    const { html, ...meta } = await render();
    return { ...meta, body: Buffer.from(html) };
  };
  return {
    /** The page for this request from the cache, or rendered by `render` and kept. */
    async send(request: FastifyRequest, reply: FastifyReply, parts: string[], render: () => Promise<RenderedPage>) {
      const minute = Math.floor(app.clock().getTime() / MINUTE_MS);
      const key = keyOf([request.viewer?.accountId ?? '-', request.locale, minute, ...parts]);
      const { body, status, ...meta } = await pages.get(key, renderCached(render), request.dataGeneration);
      const data = { ...layoutData(request), ...meta };
      // The layout's clock changes every millisecond; the minute stands for it in the key, as for the page.
      const { now: _now, ...shellKey } = data as typeof data & { now?: Date };
      const { head, tail } = await shells.get(keyOf([request.viewer?.accountId ?? '-', minute, shellKey]), () => renderShell(data), request.dataGeneration);
      // Pages for one viewer: no shared cache on the way may keep them.
      reply.code(status ?? 200).type('text/html; charset=utf-8').header('cache-control', 'private, no-store');
      return reply.send(Buffer.concat([head, body, tail]));
    },
  };
}
