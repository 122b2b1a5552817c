import { subscribe } from '../events/bus.js';
import { notify } from './service.js';

/** Registered once at start-up: the in-app notifications that follow the referral loop's events. */
export function subscribeNotifications(): void {
  subscribe('ReferralGiven', (tx, e) => notify(tx, [{ memberId: e.receiverId, kind: 'referral_received', referralId: e.referralId }], e.at));
  // The giver hears of every step the receiver takes.
  subscribe('ReferralMoved', (tx, e) => notify(tx, [{ memberId: e.giverId, kind: `referral_${e.to}`, referralId: e.referralId }], e.at));
  subscribe('FeedbackReceived', (tx, e) =>
    notify(
      tx,
      [e.giverId, e.receiverId].map((memberId) => ({ memberId, kind: 'feedback_received' as const, referralId: e.referralId })),
      e.at,
    ),
  );
}
