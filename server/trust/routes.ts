import { sendCsvDownload } from '../plugins/downloads.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireMember, viewerTimeZone } from '../auth/guards.js';
import { unknownAs } from '../plugins/errors.js';
import { errors } from '../shared/errors.js';
import { commentsSharedWithGroup } from '../feedback/service.js';
import { ledgerCsv } from './csv.js';
import { trustPageQuery, trustParams } from './schemas.js';
import { createPageCache } from '../plugins/page-cache.js';
import { correctionRoutes, correctorViewer } from './correction-routes.js';
import { correctableOnPage, mayCorrect } from './corrections-service.js';
import { memberTrust, ownLedger, trustSubject, type TrustViewer } from './service.js';
import { trustPageView } from './trust-view.js';
import { trustWords } from './words-service.js';

/** The profile address in the URL; a malformed one is simply a page that does not exist (for a member). */
const trustUrl = { config: unknownAs('trust.not_found', requireMember) };

/** Every group the viewer belongs to: a member of two groups may look into both. */
function trustViewer(request: FastifyRequest): TrustViewer {
  const memberships = request.viewer?.memberships ?? [];
  return { groupIds: memberships.map((m) => m.group.id), memberIds: memberships.map((m) => m.id) };
}

export default async function trustRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const trustPages = createPageCache(app);

  /** A member's trust page: for members of the same group only. Rendered once per viewer and state of the data (plugins/page-cache.ts). */
  app.get('/m/:slug/trust', { schema: { params: trustParams, querystring: trustPageQuery }, ...trustUrl }, async (request, reply) => {
    requireMember(request);
    const { slug } = request.params;
    const allEntries = request.query.all === '1';
    return trustPages.send(request, reply, [slug, allEntries ? 'all' : ''], async () => {
      const now = app.clock();
      const viewer = correctorViewer(request);
      const subject = await trustSubject(app.db, slug, viewer);
      const { locale, t } = request;
      // Another host of the group sees "Korrigieren" links.
      const canCorrect = mayCorrect(subject, viewer);
      const trust = await memberTrust(app.db, subject, now);
      const comments = await commentsSharedWithGroup(app.db, subject.id);
      const timeZone = viewerTimeZone(request);
      const view = trustPageView(trust, { locale, t, now, timeZone }, canCorrect ? correctableOnPage(trust, viewer) : new Set(), allEntries);
      const words = await trustWords(app.db, trust, { locale, t, now });
      const html = await app.view('pages/trust', { locale, timeZone, ...view, comments, words, howOpen: allEntries });
      return { title: t('trust.page.title', { name: subject.name }), html, noindex: true };
    });
  });

  correctionRoutes(app);

  /** The member's own ledger as CSV (UTF-8 with BOM); nobody else may download it. */
  app.get('/m/:slug/trust.csv', { schema: { params: trustParams }, ...trustUrl }, async (request, reply) => {
    requireMember(request);
    const now = app.clock();
    const { subject, rows, score } = await ownLedger(app.db, request.params.slug, trustViewer(request), now);
    const csv = ledgerCsv(rows, score.explanation, { locale: request.locale, t: request.t, timeZone: viewerTimeZone(request) });
    const filename = `kreis-ledger-${subject.slug}-${now.toISOString().slice(0, 10)}.csv`;
    return sendCsvDownload(reply, filename, csv);
  });
}
