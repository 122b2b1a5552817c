import { subscribe } from '../events/bus.js';
import { createDraftsFromPledges } from './drafts.js';

/** Registered once at start-up: pledges from an intro round wait as drafts in the givers' lists. */
export function subscribeReferralDrafts(): void {
  subscribe('IntroRoundEnded', async (tx, e) => {
    await createDraftsFromPledges(tx, { groupId: e.groupId, breakfastId: e.breakfastId, pledges: e.pledges }, e.at);
  });
}
