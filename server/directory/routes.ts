import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireMember } from '../auth/guards.js';
import { type FieldErrors, formErrors, formSchema } from '../shared/forms.js';
import { createFreshCache } from '../cache/freshness.js';
import { createPageCache, type RenderedPage } from '../plugins/page-cache.js';
import { NEED_MAX, REGION_MAX, directoryQuery, type DirectoryQuery } from './schemas.js';
import { type DirectorySearch, type GroupDirectory, loadGroupDirectory, searchDirectory } from './service.js';
import { directoryCard } from './view-models.js';

const STYLES = ['/public/css/directory.css'];

/** "Wen kann ich empfehlen für …?": GET only, so every search (with its filters) is a link to share. */
export default async function directoryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
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

  // The search form is the query string: a failure re-renders the form with its messages (attachValidation).
  app.get('/directory', { schema: { querystring: formSchema(directoryQuery) }, attachValidation: true }, async (request, reply) => {
    const member = requireMember(request);
    const searcher = { groupId: member.group.id, locale: member.group.locale };
    const failed = request.validationError;
    // The address holds the whole search: a page per address, viewer and state of the data.
    return pages.send(request, reply, [request.url], async () => {
      const now = app.clock();
      if (failed) {
        // The query string as sent (a failed schema leaves it alone), to show the values again.
        const raw = request.query as Record<string, unknown>;
        const echo = {
          q: typeof raw.q === 'string' ? raw.q : '',
          trade: typeof raw.trade === 'string' ? raw.trade : '',
          region: typeof raw.region === 'string' ? raw.region : '',
          confirmed: raw.confirmed === '1',
        };
        // The filters still need the group's trades and regions: an unfiltered search gives them.
        const blank: DirectoryQuery = { q: '', confirmed: false };
        const search = await searchDirectory(app.db, searcher, blank, now, groupDirectory);
        return render(request, echo, { ...search, results: [], understoodTrades: [] }, formErrors(failed.validation, request.t), 400);
      }
      const query = request.query;
      const values = { q: query.q, trade: query.trade ?? '', region: query.region ?? '', confirmed: query.confirmed };
      const search = await searchDirectory(app.db, searcher, query, now, groupDirectory);
      if (search.unknownTrade) return render(request, values, search, { trade: request.t('directory.errors.unknown_trade') }, 400);
      return render(request, values, search);
    });
  });
}
