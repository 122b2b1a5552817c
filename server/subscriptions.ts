import { subscribeDirectoryProjection } from './directory/projection.js';
import { isSealed, seal } from './events/bus.js';
import { subscribeNotifications } from './notifications/subscriptions.js';
import { subscribeOneToOneRequests } from './one-to-ones/subscriptions.js';
import { subscribeReferralDrafts } from './referrals/subscriptions.js';
import { subscribeSignals } from './signals/subscriptions.js';

/**
 * The one place where capabilities subscribe to each other's domain events (index: docs/events.md).
 * Called by buildApp and by every script that writes through the use cases; a second call is a no-op.
 */
export function registerSubscriptions(): void {
  if (isSealed()) return;
  subscribeDirectoryProjection();
  subscribeNotifications();
  subscribeReferralDrafts();
  subscribeOneToOneRequests();
  subscribeSignals();
  seal();
}
