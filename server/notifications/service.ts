import type { Db } from '../../db/client.js';
import { notificationQueries } from './queries.js';

/**
 * In-app notifications: always written, in the same transaction as the change they report, whether
 * or not mail is configured. Rows hold a kind and a referral id only; the text is made when the
 * page is shown, in the reader's language, so no personal data is copied into them.
 */
export const NOTIFICATION_KINDS = [
  'referral_received',
  'referral_contacted',
  'referral_meeting',
  'referral_proposal',
  'referral_won',
  'referral_lost',
  'referral_overdue',
  /** For the giver: the receiver of an unfinished referral deleted their account (server/privacy). */
  'referral_receiver_deleted',
  /** For the feedback capability: the client answered. */
  'feedback_received',
  /** One-to-ones (server/one-to-ones): they carry no referral; the page is /one-to-ones. */
  'one_to_one_requested',
  'one_to_one_logged',
  'one_to_one_declined',
  'one_to_one_confirmed',
  'one_to_one_disputed',
  /** A host corrected an event in the member's trust ledger (server/ledger/corrections-service.ts); no referral, the page is the own trust page. */
  'trust_corrected',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NewNotification = { memberId: string; kind: NotificationKind; referralId?: string };

export async function notify(tx: Db, items: NewNotification[], now: Date) {
  await notificationQueries(tx).insertMany(items.map((item) => ({ ...item, createdAt: now })));
}

/** For the header badge. */
export async function unreadCount(db: Db, memberId: string): Promise<number> {
  return notificationQueries(db).unreadCount(memberId);
}

const PAGE_SIZE = 100;

export async function listNotifications(db: Db, memberId: string) {
  return notificationQueries(db).listFor(memberId, PAGE_SIZE);
}

export async function markAllRead(db: Db, memberId: string, now: Date) {
  await notificationQueries(db).markAllRead(memberId, now);
}

/** Opening a referral reads the notifications about it. */
export async function markReadForReferral(db: Db, memberId: string, referralId: string, now: Date) {
  await notificationQueries(db).markReadForReferral(memberId, referralId, now);
}
