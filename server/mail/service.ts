import type { Db } from '../../db/client.js';
import type { Config } from '../config.js';
import { retryDelayMs, shouldGiveUp } from './backoff.js';
import { outboxQueries } from './queries.js';
import type { MailTransport } from './transport.js';

/**
 * Mail in Kreis: every message is written to the outbox first. With SMTP configured a sender
 * delivers it (deliverDueMail); without SMTP it is kept, and hosts read it at /host/outbox.
 */
export type OutgoingMail = { groupId: string | null; to: string; subject: string; body: string };

/** `send`: a sender will deliver it. `keep`: nobody will; hosts pass it on by hand. */
export type Delivery = 'send' | 'keep';

/** Whether this installation can send mail, so pages say "we mailed it" rather than "copy this link". */
export function mailConfigured(config: Pick<Config, 'smtpUrl'>): boolean {
  return Boolean(config.smtpUrl);
}

export function deliveryFor(config: Pick<Config, 'smtpUrl'>): Delivery {
  return mailConfigured(config) ? 'send' : 'keep';
}

/** Writes one message to the outbox. Call it inside the transaction of the change it reports. */
export async function enqueueMail(db: Db, mail: OutgoingMail, now: Date, delivery: Delivery = 'send') {
  return outboxQueries(db).insert({
    groupId: mail.groupId,
    recipient: mail.to,
    subject: mail.subject,
    body: mail.body,
    status: delivery === 'send' ? 'pending' : 'kept',
    nextAttemptAt: now,
    createdAt: now,
  });
}

const BATCH_SIZE = 20;
/** A claimed message is not offered to other instances for this long, even if this one dies mid-send. */
const LEASE_MS = 5 * 60 * 1000;
const MAX_ERROR_LENGTH = 500;

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, MAX_ERROR_LENGTH) || 'unknown error';
}

/**
 * Sends the messages that are due. A failure is recorded and retried later with backoff; after
 * too many failures the message is kept for hosts. A message is never deleted.
 */
export async function deliverDueMail(db: Db, transport: MailTransport, now: Date) {
  const q = outboxQueries(db);
  const claimed = await q.claimDue(now, BATCH_SIZE, new Date(now.getTime() + LEASE_MS));
  const result = { sent: 0, failed: 0, kept: 0 };
  for (const mail of claimed) {
    try {
      await transport.send({ to: mail.recipient, subject: mail.subject, text: mail.body });
      await q.markSent(mail.id, now);
      result.sent++;
    } catch (error) {
      if (shouldGiveUp(mail.attempts)) {
        await q.markKept(mail.id, describeError(error));
        result.kept++;
      } else {
        await q.markFailed(mail.id, describeError(error), new Date(now.getTime() + retryDelayMs(mail.attempts)));
        result.failed++;
      }
    }
  }
  return result;
}

/** Without SMTP, messages still waiting (e.g. from before SMTP was switched off) go to the hosts. */
export async function keepPendingMail(db: Db) {
  return outboxQueries(db).keepAllPending();
}

const OUTBOX_PAGE_SIZE = 100;

export async function groupOutbox(db: Db, groupId: string) {
  return outboxQueries(db).undeliveredOfGroup(groupId, OUTBOX_PAGE_SIZE);
}

export async function countUndeliveredMail(db: Db, groupId: string) {
  return outboxQueries(db).countUndeliveredOfGroup(groupId);
}
