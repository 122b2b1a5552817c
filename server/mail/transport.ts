import nodemailer from 'nodemailer';

/** What a sender needs from a mail transport; tests pass a fake, production passes SMTP. */
export type MailTransport = {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
};

/** Delivers over SMTP with nodemailer; `smtpUrl` is e.g. smtps://user:pass@mail.example.org:465. */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl, { from });
  return {
    async send(message) {
      await transporter.sendMail(message);
    },
  };
}
