import { sendCsvDownload } from '../plugins/downloads.js';
import type { FastifyInstance } from 'fastify';
import { requireHost, requireMember } from '../auth/guards.js';
import { createPageCache } from '../plugins/page-cache.js';
import { jobStatuses } from '../jobs/status.js';
import { jobsView } from '../jobs/view.js';
import { healthCsv } from './csv.js';
import { dashboardView } from './dashboard-view.js';
import { healthView } from './health-view.js';
import { groupHealth, groupHealthRecords, memberInsights } from './service.js';

const STYLES = ['/public/css/insights.css'];

/** "Was bringt mir das?" for every member; group health and its CSV export for hosts. */
export default async function insightsRoutes(app: FastifyInstance) {
  const dashboards = createPageCache(app);

  app.get('/insights', async (request, reply) => {
    const member = requireMember(request);
    reply.header('cache-control', 'private, no-store');
    // Updated at once all the same: any change to the data renders it anew (plugins/page-cache.ts).
    return dashboards.send(request, reply, [member.id], async () => {
      const insights = await memberInsights(app.db, { memberId: member.id, groupId: member.group.id, timeZone: member.group.timeZone }, app.clock());
      const view = dashboardView(insights, { locale: request.locale, t: request.t });
      const html = await app.view('pages/insights', { locale: request.locale, ...view });
      return { title: request.t('insights.page.title'), html, noindex: true, styles: STYLES };
    });
  });

  app.get('/host/health', async (request, reply) => {
    const host = requireHost(request);
    const now = app.clock();
    const [health, statuses] = await Promise.all([groupHealth(app.db, host.group, now), jobStatuses(app.db, app.config)]);
    const view = healthView(health, { locale: request.locale, t: request.t });
    const jobs = jobsView(statuses, { locale: request.locale, t: request.t, now });
    reply.header('cache-control', 'private, no-store');
    return reply.page('host-health', { title: request.t('insights.health.title'), noindex: true, styles: STYLES, ...view, jobs });
  });

  /** Referral statistics per member and month; member names and numbers only, no client data. */
  app.get('/host/health.csv', async (request, reply) => {
    const host = requireHost(request);
    const now = app.clock();
    const { records } = await groupHealthRecords(app.db, host.group, now);
    const csv = healthCsv(records, { locale: request.locale, t: request.t });
    const filename = `kreis-${host.group.slug}-statistik-${now.toISOString().slice(0, 10)}.csv`;
    return sendCsvDownload(reply, filename, csv);
  });
}
