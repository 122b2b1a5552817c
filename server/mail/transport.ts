import type { Transporter } from 'nodemailer';

/** What a sender needs from a mail transport; tests pass a fake, production passes SMTP. */
export type MailTransport = {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
};

/** Delivers over SMTP with nodemailer; `smtpUrl` is e.g. smtps://user:pass@mail.example.org:465. */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  // Loaded on the first mail: an instance without SMTP never carries nodemailer (~12 MB).
  let transporter: Promise<Transporter> | undefined;
  return {
    async send(message) {
      transporter ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl, { from }));
      await (await transporter).sendMail(message);
    },
  };
}
