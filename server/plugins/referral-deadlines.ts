import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { deliveryFor } from '../mail/service.js';
import { processOverdueReferrals } from '../referrals/overdue.js';

const CHECK_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Looks for referrals past their response deadline every few minutes. Like the mail sender it
 * starts when the server listens, so apps driven only through inject (the tests) never run it;
 * tests call processOverdueReferrals directly with their clock.
 */
export default fp(
  async function referralDeadlinesPlugin(app: FastifyInstance) {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;

    function tick() {
      if (running) return;
      running = processOverdueReferrals(app.db, app.clock(), { publicUrl: app.config.publicUrl, delivery: deliveryFor(app.config) })
        .then((count) => {
          if (count > 0) app.log.info({ count }, 'referrals marked overdue');
        })
        .catch((error: unknown) => app.log.error({ err: error }, 'overdue check failed'))
        .finally(() => {
          running = undefined;
        });
    }

    app.addHook('onListen', async () => {
      tick();
      timer = setInterval(tick, CHECK_INTERVAL_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    });
  },
  { name: 'referral-deadlines' },
);
