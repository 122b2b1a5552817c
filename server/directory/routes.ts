import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireMember } from '../auth/guards.js';
import type { FieldErrors } from '../shared/forms.js';
import { parseForm } from '../shared/forms.js';
import { createFreshCache } from '../cache/freshness.js';
import { createPageCache, type RenderedPage } from '../plugins/page-cache.js';
import { NEED_MAX, REGION_MAX, directoryQuery, type DirectoryQuery } from './schemas.js';
import { type DirectorySearch, type GroupDirectory, loadGroupDirectory, searchDirectory } from './service.js';
import { directoryCard } from './view-models.js';

const STYLES = ['/public/css/directory.css'];

/** "Wen kann ich empfehlen für …?": GET only, so every search (with its filters) is a link to share. */
export default async function directoryRoutes(app: FastifyInstance) {
  const pages = createPageCache(app);
  // The group's trades, regions, seats and aggregates: the same for every search in the group.
  const groups = createFreshCache<GroupDirectory>(app.freshness, { max: 500 });
  const groupDirectory = (groupId: string) => groups.get(groupId, () => loadGroupDirectory(app.db, groupId));

  async function render(request: FastifyRequest, values: Record<string, unknown>, search: DirectorySearch, fieldErrors?: FieldErrors, status = 200): Promise<RenderedPage> {
    const results = search.results.map((r) => directoryCard(r, request.locale, request.t, request.viewer?.member?.group.timeZone));
    const filtered = Boolean(values.trade || values.region || values.confirmed);
    const html = await app.view('pages/directory', {
      locale: request.locale,
      values,
      errors: fieldErrors,
      results,
      searched: !fieldErrors,
      filtered,
      withoutFilters: values.q ? `/directory?${new URLSearchParams({ q: String(values.q) })}` : '/directory',
      understoodTrades: search.understoodTrades,
      trades: search.trades.map((trade) => ({ ...trade, selected: trade.id === values.trade })),
      regions: search.regions.map((region) => ({ name: region, selected: region === values.region })),
      limits: { need: NEED_MAX, region: REGION_MAX },
    });
    const title = values.q ? request.t('directory.title_for', { need: String(values.q) }) : request.t('directory.title');
    return { title, html, styles: STYLES, noindex: true, status };
  }

  app.get('/directory', async (request, reply) => {
    const member = requireMember(request);
    const searcher = { groupId: member.group.id, locale: member.group.locale };
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const echo = {
      q: typeof raw.q === 'string' ? raw.q : '',
      trade: typeof raw.trade === 'string' ? raw.trade : '',
      region: typeof raw.region === 'string' ? raw.region : '',
      confirmed: raw.confirmed === '1',
    };
    const form = parseForm(directoryQuery, raw, request.t);
    // The address holds the whole search: a page per address, viewer and state of the data.
    return pages.send(request, reply, [request.url], async () => {
      const now = app.clock();
      if (!form.ok) {
        // The filters still need the group's trades and regions: an unfiltered search gives them.
        const blank: DirectoryQuery = { q: '', confirmed: false };
        const search = await searchDirectory(app.db, searcher, blank, now, groupDirectory);
        return render(request, echo, { ...search, results: [], understoodTrades: [] }, form.errors, 400);
      }
      const search = await searchDirectory(app.db, searcher, form.data, now, groupDirectory);
      if (search.unknownTrade) return render(request, echo, search, { trade: request.t('directory.errors.unknown_trade') }, 400);
      return render(request, { ...echo, q: form.data.q }, search);
    });
  });
}
