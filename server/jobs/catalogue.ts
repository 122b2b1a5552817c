import type { Config } from '../config.js';
import { mailDueFeedbackLinks } from '../feedback/mail-job.js';
import { deliverDueMail, deliveryFor, keepPendingMail, mailConfigured } from '../mail/service.js';
import { smtpTransport } from '../mail/transport.js';
import { eraseExpiredClientData } from '../privacy/service.js';
import { processOverdueReferrals } from '../referrals/overdue.js';
import { expireSignals } from '../signals/service.js';
import type { Job } from './registry.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Every periodic job of Kreis, declared once. Each is safe to run twice (its writes are
 * conditional); the runner still lets only one instance run a job at a time.
 */
export function periodicJobs(config: Config): Job[] {
  // nodemailer loads on first use; without SMTP, waiting mail is kept for hosts to pass on.
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : null;
  return [
    {
      name: 'mail_outbox',
      everyMs: 10 * SECOND,
      async run({ db, now }): Promise<Record<string, number>> {
        if (!transport) return { kept: await keepPendingMail(db) };
        return deliverDueMail(db, transport, now);
      },
    },
    {
      name: 'feedback_links',
      everyMs: MINUTE,
      enabled: mailConfigured,
      run: async ({ db, config: c, now }) => ({ mailed: await mailDueFeedbackLinks(db, c, now) }),
    },
    {
      name: 'referrals_overdue',
      everyMs: 5 * MINUTE,
      run: async ({ db, config: c, now }) => ({
        overdue: await processOverdueReferrals(db, now, { publicUrl: c.publicUrl, delivery: deliveryFor(c) }),
      }),
    },
    {
      name: 'client_data_retention',
      everyMs: 60 * MINUTE,
      run: async ({ db, config: c, now }) => {
        const { referrals, comments } = await eraseExpiredClientData(db, now, c.clientDataRetentionMonths);
        return { referrals, comments };
      },
    },
    {
      // Device sightings after 90 days, the reasons of flagged answers after a year (verdicts and the ledger stay).
      name: 'signals_retention',
      everyMs: 60 * MINUTE,
      run: async ({ db, now }) => expireSignals(db, now),
    },
  ];
}
