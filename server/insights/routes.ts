import type { FastifyInstance } from 'fastify';
import { requireHost, requireMember } from '../auth/guards.js';
import { healthCsv } from './csv.js';
import { dashboardView } from './dashboard-view.js';
import { healthView } from './health-view.js';
import { groupHealth, groupHealthRecords, memberInsights } from './service.js';

const STYLES = ['/public/css/insights.css'];

/** "Was bringt mir das?" for every member; group health and its CSV export for hosts. */
export default async function insightsRoutes(app: FastifyInstance) {
  app.get('/insights', async (request, reply) => {
    const member = requireMember(request);
    const insights = await memberInsights(app.db, { memberId: member.id, groupId: member.group.id }, app.clock());
    const view = dashboardView(insights, { locale: request.locale, t: request.t });
    reply.header('cache-control', 'private, no-store');
    return reply.page('insights', { title: request.t('insights.page.title'), noindex: true, styles: STYLES, ...view });
  });

  app.get('/host/health', async (request, reply) => {
    const host = requireHost(request);
    const health = await groupHealth(app.db, host.group.id, app.clock());
    const view = healthView(health, { locale: request.locale, t: request.t });
    reply.header('cache-control', 'private, no-store');
    return reply.page('host-health', { title: request.t('insights.health.title'), noindex: true, styles: STYLES, ...view });
  });

  /** Referral statistics per member and month; member names and numbers only, no client data. */
  app.get('/host/health.csv', async (request, reply) => {
    const host = requireHost(request);
    const now = app.clock();
    const { records } = await groupHealthRecords(app.db, host.group.id, now);
    const csv = healthCsv(records, { locale: request.locale, t: request.t });
    const filename = `kreis-${host.group.slug}-statistik-${now.toISOString().slice(0, 10)}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .send(csv);
  });
}
