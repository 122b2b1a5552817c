import { subscribe } from '../events/bus.js';
import { createRequestsFromRound } from './service.js';

/** Registered once at start-up: "1:1" asks from an intro round become requests (guests skipped, no duplicates). */
export function subscribeOneToOneRequests(): void {
  subscribe('IntroRoundEnded', async (tx, e) => {
    await createRequestsFromRound(tx, { groupId: e.groupId, breakfastId: e.breakfastId, requests: e.oneToOneRequests }, e.at);
  });
}
