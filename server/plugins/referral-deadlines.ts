import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { deliveryFor } from '../mail/service.js';
import { processOverdueReferrals } from '../referrals/overdue.js';
import { registerIntervalJob } from './interval-job.js';

const CHECK_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Looks for referrals past their response deadline every few minutes (tests call
 * processOverdueReferrals directly with their clock).
 */
export default fp(
  async function referralDeadlinesPlugin(app: FastifyInstance) {
    registerIntervalJob(app, {
      name: 'overdue check',
      everyMs: CHECK_INTERVAL_MS,
      run: async () => {
        const count = await processOverdueReferrals(app.db, app.clock(), { publicUrl: app.config.publicUrl, delivery: deliveryFor(app.config) });
        if (count > 0) app.log.info({ count }, 'referrals marked overdue');
      },
    });
  },
  { name: 'referral-deadlines' },
);
