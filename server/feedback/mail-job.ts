import type { Db } from '../../db/client.js';
import type { Config } from '../config.js';
import { type Locale, translate } from '../shared/i18n.js';
import { enqueueMail, mailConfigured } from '../mail/service.js';
import { DAY_MS, DEFAULT_TIME_ZONE, formatDate } from '../shared/time.js';
import { randomToken } from '../shared/tokens.js';
import { feedbackQueries, type MailCandidate } from './queries.js';
import { feedbackPath, hashFeedbackToken } from './requests.js';

/**
 * Mailing the feedback link to the client. The client is asked once the receiver has got in touch
 * (any status past "open"), or after MAIL_AFTER_DAYS at the latest — early enough to remember,
 * late enough to have something to say. Without SMTP nothing is mailed: the giver shares the link.
 */
export const MAIL_AFTER_DAYS = 14;
const BATCH_SIZE = 50;

type MailParams = Pick<MailCandidate, 'clientName' | 'giverName' | 'receiverName' | 'groupName' | 'topic' | 'expiresAt'> & {
  locale: Locale;
  link: string;
  /** The group's time zone, in which the expiry date is written. */
  timeZone?: string;
};

/** Pure: subject and text of the client's mail, in the group's language. */
export function feedbackMailText(params: MailParams): { subject: string; body: string } {
  const { locale } = params;
  const names = { giver: params.giverName, receiver: params.receiverName, group: params.groupName, topic: params.topic };
  const expires = formatDate(params.expiresAt, locale, 'date', params.timeZone ?? DEFAULT_TIME_ZONE);
  const greeting = params.clientName
    ? translate(locale, 'feedback.mail.greeting_named', { name: params.clientName })
    : translate(locale, 'feedback.mail.greeting');
  return {
    subject: translate(locale, 'feedback.mail.subject', names),
    body: `${greeting}\n\n${translate(locale, 'feedback.mail.body', { ...names, link: params.link, expires })}`,
  };
}

/**
 * Mails the links that are due; returns how many were mailed. Each link gets a NEW token (only
 * hashes are stored, so the giver's token cannot be reused), claimed by a conditional update in
 * the same transaction as the outbox row: run twice, or on several instances at once, every
 * client gets exactly one mail.
 */
export async function mailDueFeedbackLinks(db: Db, config: Pick<Config, 'smtpUrl' | 'publicUrl'>, now: Date): Promise<number> {
  if (!mailConfigured(config)) return 0;
  const due = await feedbackQueries(db).dueForMail(now, new Date(now.getTime() - MAIL_AFTER_DAYS * DAY_MS), BATCH_SIZE);
  let mailed = 0;
  for (const candidate of due) {
    if (!candidate.clientEmail) continue;
    const to = candidate.clientEmail;
    const token = randomToken(32);
    const claimed = await db.transaction(async (tx) => {
      if (!(await feedbackQueries(tx).claimForMail(candidate.requestId, hashFeedbackToken(token), now))) return false;
      const text = feedbackMailText({
        ...candidate,
        locale: candidate.groupLocale,
        timeZone: candidate.groupTimeZone,
        link: new URL(feedbackPath(token), config.publicUrl).href,
      });
      await enqueueMail(tx, { groupId: candidate.groupId, to, ...text }, now);
      return true;
    });
    if (claimed) mailed++;
  }
  return mailed;
}
