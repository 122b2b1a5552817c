/**
 * The one test world: builders for groups, members, trades, referrals, feedback, breakfasts, guests,
 * drafts and one-to-ones with sensible defaults, signed-in browsers, and the standard two-group
 * world of the suites that visit every route.
 */
export * from './breakfasts.js';
export * from './clients.js';
export * from './one-to-ones.js';
export * from './people.js';
export * from './profiles.js';
export * from './referrals.js';
export * from './standard.js';
