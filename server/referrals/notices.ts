import { type Locale, translate } from '../shared/i18n.js';
import { formatDate } from '../shared/time.js';

/**
 * Mails to the receiver, in the group's language. They carry names, the topic and a link to the
 * referral page, never the client's contact data: that stays behind the login.
 */
export type ReceiverMail = { subject: string; body: string };

export function referralPageUrl(publicUrl: URL, referralId: string): string {
  return new URL(`/referrals/${referralId}`, publicUrl).href;
}

export function newReferralMail(
  locale: Locale,
  p: { receiverName: string; giverName: string; topic: string; dueAt: Date; timeZone: string; link: string },
): ReceiverMail {
  const params = { receiver: p.receiverName, giver: p.giverName, topic: p.topic, deadline: formatDate(p.dueAt, locale, 'deadline', p.timeZone), link: p.link };
  return {
    subject: translate(locale, 'referrals.mail.received.subject', params),
    body: translate(locale, 'referrals.mail.received.body', params),
  };
}

export function overdueReminderMail(
  locale: Locale,
  p: { receiverName: string; giverName: string; topic: string; link: string },
): ReceiverMail {
  const params = { receiver: p.receiverName, giver: p.giverName, topic: p.topic, link: p.link };
  return {
    subject: translate(locale, 'referrals.mail.overdue.subject', params),
    body: translate(locale, 'referrals.mail.overdue.body', params),
  };
}
