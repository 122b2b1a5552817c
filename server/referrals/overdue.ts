import type { Db } from '../../db/client.js';
import { appendTrustEvents, type TrustEventInput } from '../ledger/append.js';
import { type Delivery, enqueueMail } from '../mail/service.js';
import { notify } from '../notifications/service.js';
import { overdueReminderMail, referralPageUrl } from './notices.js';
import { referralQueries } from './queries.js';

/**
 * Partners who never answer damage the giver's client relationship. A referral still open when
 * its response deadline passes is marked overdue once: one `response_overdue` event for the
 * receiver, one reminder (in the app, and by mail). Safe to run on every instance at once: each
 * referral is claimed by exactly one call, and a second run finds nothing left to claim.
 */
export type OverdueOptions = { publicUrl: URL; delivery: Delivery; batchSize?: number };

const DEFAULT_BATCH = 100;

type OverdueReferral = { id: string; receiverId: string; giverId: string; topic: string; clientId: string };

/** The penalty: about the receiver, for this referral. */
export function overdueEvent(referral: OverdueReferral, now: Date): TrustEventInput {
  return {
    kind: 'response_overdue',
    memberId: referral.receiverId,
    giverId: referral.giverId,
    topic: referral.topic,
    referralId: referral.id,
    clientId: referral.clientId,
    occurredAt: now,
  };
}

/** Marks every referral that became overdue by `now`; returns how many this call claimed. */
export async function processOverdueReferrals(db: Db, now: Date, options: OverdueOptions): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let total = 0;
  for (;;) {
    const claimed = await db.transaction((tx) => processBatch(tx, now, batchSize, options));
    total += claimed;
    if (claimed < batchSize) return total;
  }
}

async function processBatch(tx: Db, now: Date, batchSize: number, options: OverdueOptions): Promise<number> {
  const q = referralQueries(tx);
  const claimed = await q.claimOverdue(now, batchSize);
  if (claimed.length === 0) return 0;

  // One append per group, groups in a fixed order, so two instances never wait on each other's chains.
  const byGroup = new Map<string, typeof claimed>();
  for (const row of claimed) byGroup.set(row.groupId, [...(byGroup.get(row.groupId) ?? []), row]);
  for (const groupId of [...byGroup.keys()].sort()) {
    await appendTrustEvents(
      tx,
      groupId,
      byGroup.get(groupId)!.map((r) => overdueEvent(r, now)),
    );
  }

  await notify(tx, claimed.map((r) => ({ memberId: r.receiverId, kind: 'referral_overdue' as const, referralId: r.id })), now);
  for (const context of await q.reminderContext(claimed.map((r) => r.id))) {
    const mail = overdueReminderMail(context.locale, {
      receiverName: context.receiverName,
      giverName: context.giverName,
      topic: context.topic,
      link: referralPageUrl(options.publicUrl, context.referralId),
    });
    await enqueueMail(tx, { groupId: context.groupId, to: context.receiverEmail, ...mail }, now, options.delivery);
  }
  return claimed.length;
}
