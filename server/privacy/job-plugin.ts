import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerIntervalJob } from '../plugins/interval-job.js';
import { eraseExpiredClientData } from './service.js';

const INTERVAL_MS = 60 * 60 * 1000;

/**
 * Erases clients' personal data past CLIENT_DATA_RETENTION_MONTHS, once an hour (tests call
 * eraseExpiredClientData with their clock). Several instances may run it at once: every erase is
 * conditional.
 */
export default fp(
  async function clientDataRetentionJob(app: FastifyInstance) {
    registerIntervalJob(app, {
      name: 'client data retention',
      everyMs: INTERVAL_MS,
      run: async () => {
        const report = await eraseExpiredClientData(app.db, app.clock(), app.config.clientDataRetentionMonths);
        if (report.referrals > 0 || report.comments > 0) app.log.info(report, 'client data past retention erased');
      },
    });
  },
  { name: 'client-data-retention' },
);
