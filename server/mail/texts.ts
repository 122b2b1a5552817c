import { type Locale, translate } from '../shared/i18n.js';

export type MailText = { subject: string; body: string };

/** Subject and body of one kind of mail (locales/<lang>/mail.json → mail.<kind>.subject|body). */
export function mailText(locale: Locale, kind: string, params: Record<string, string>): MailText {
  return {
    subject: translate(locale, `mail.${kind}.subject`, params),
    body: translate(locale, `mail.${kind}.body`, params),
  };
}
