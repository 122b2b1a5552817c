import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { mailDueFeedbackLinks } from './mail-job.js';

const INTERVAL_MS = 60_000;

/**
 * Mails due feedback links on an interval. Like the outbox sender it starts when the server
 * listens (an app driven only through inject never runs it) and only when SMTP is configured;
 * one run at a time, and closing the app waits for the current run.
 */
export default fp(
  async function feedbackMailJob(app: FastifyInstance) {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;

    function tick() {
      if (running) return;
      running = mailDueFeedbackLinks(app.db, app.config, app.clock())
        .then((mailed) => {
          if (mailed > 0) app.log.info({ mailed }, 'feedback links mailed');
        })
        .catch((error: unknown) => app.log.error({ err: error }, 'mailing feedback links failed'))
        .finally(() => {
          running = undefined;
        });
    }

    app.addHook('onListen', async () => {
      if (!app.config.smtpUrl || timer) return;
      tick();
      timer = setInterval(tick, INTERVAL_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    });
  },
  { name: 'feedback-mail-job' },
);
