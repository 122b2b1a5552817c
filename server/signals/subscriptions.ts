import { subscribe } from '../events/bus.js';
import { enqueueMail } from '../mail/service.js';
import { mailText } from '../mail/texts.js';
import { signalsQueries } from './queries.js';

/**
 * Registered once at start-up: a flagged answer is mailed to the group's hosts through the outbox
 * ("a client answer is waiting for review"), in the group's language. The mail names no one: the
 * review page, behind the host's log-in, says the rest.
 */
export function subscribeSignals(): void {
  subscribe('FeedbackFlagged', async (tx, e) => {
    for (const host of await signalsQueries(tx).hostsOf(e.groupId)) {
      const text = mailText(host.locale, 'feedback_flagged', { name: host.name, group: host.groupName, link: e.reviewUrl });
      await enqueueMail(tx, { groupId: e.groupId, to: host.email, ...text }, e.at);
    }
  });
}
