import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { members } from './members.js';
import { referrals } from './referrals.js';

/** In-app notifications (always written, whether or not mail is configured). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').notNull(),
    referralId: uuid('referral_id').references(() => referrals.id),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_member').on(t.memberId, t.createdAt),
    // Every page's session query counts the unread ones: read only those.
    index('notifications_unread').on(t.memberId).where(sql`${t.readAt} is null`),
  ],
);
