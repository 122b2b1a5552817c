import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerIntervalJob } from '../plugins/interval-job.js';
import { mailDueFeedbackLinks } from './mail-job.js';

const INTERVAL_MS = 60_000;

/** Mails due feedback links every minute, only when SMTP is configured. */
export default fp(
  async function feedbackMailJob(app: FastifyInstance) {
    registerIntervalJob(app, {
      name: 'mailing feedback links',
      everyMs: INTERVAL_MS,
      enabled: () => Boolean(app.config.smtpUrl),
      run: async () => {
        const mailed = await mailDueFeedbackLinks(app.db, app.config, app.clock());
        if (mailed > 0) app.log.info({ mailed }, 'feedback links mailed');
      },
    });
  },
  { name: 'feedback-mail-job' },
);
