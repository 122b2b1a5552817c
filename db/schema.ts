// The tables, one file per capability under db/schema/. Everything imports them from here.
export * from './schema/groups.js';
export * from './schema/members.js';
export * from './schema/auth.js';
export * from './schema/mail.js';
export * from './schema/referrals.js';
export * from './schema/feedback.js';
export * from './schema/notifications.js';
export * from './schema/ledger.js';
export * from './schema/breakfasts.js';
export * from './schema/live-round.js';
export * from './schema/directory.js';
export * from './schema/one-to-ones.js';
export * from './schema/jobs.js';
export * from './schema/signals.js';
