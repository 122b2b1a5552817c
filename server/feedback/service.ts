import type { Db } from '../../db/client.js';
import type { FeedbackVerification, LinkKind } from '../../db/schema.js';
import type { Locale } from '../shared/i18n.js';
import { appendTrustEvents, type TrustEventInput } from '../ledger/append.js';
import { teaser } from '../shared/teaser.js';
import { dispatch } from '../events/bus.js';
import { assessAnswer, flagFeedback, type Origin } from '../signals/service.js';
import { type FeedbackLinkRow, feedbackQueries } from './queries.js';
import { hashFeedbackToken } from './requests.js';
import type { FeedbackAnswers } from './schemas.js';

/**
 * The client's side of the trust loop: a personal link, no account. The client sees who referred
 * them to whom and why, answers once, and the answer becomes evidence in the ledger.
 */

/** What the page may show the client about their referral. Never contact data, never other referrals. */
export type FeedbackPageView = {
  groupName: string;
  giverName: string;
  receiverName: string;
  topic: string;
  /** null when the giver erased the client's personal data: the link works on without the name. */
  clientName: string | null;
  warumTeaser: string;
  /** The receiver's profile, only when it is public (anyone may read it). */
  profilePath: string | null;
};

/** The referral's members: neither may answer for the client. */
export type LinkParties = { giverId: string; receiverId: string };

export type FeedbackLinkState =
  | { state: 'open'; locale: Locale; view: FeedbackPageView; parties: LinkParties }
  | { state: 'answered'; locale: Locale }
  | { state: 'expired'; locale: Locale }
  | { state: 'unknown' };

/** Pure: what a link row means at `now`. An answered link stays "answered" after it would have expired. */
export function describeLink(row: FeedbackLinkRow | undefined, now: Date): FeedbackLinkState {
  if (!row) return { state: 'unknown' };
  const locale = row.groupLocale;
  if (row.usedAt) return { state: 'answered', locale };
  if (row.expiresAt.getTime() <= now.getTime()) return { state: 'expired', locale };
  return {
    state: 'open',
    locale,
    parties: { giverId: row.giverId, receiverId: row.receiverId },
    view: {
      groupName: row.groupName,
      giverName: row.giverName,
      receiverName: row.receiverName,
      topic: row.topic,
      clientName: row.clientDataErasedAt ? null : row.clientName,
      warumTeaser: teaser(row.receiverWarum),
      profilePath: row.receiverPublic && row.receiverActive ? `/m/${row.receiverSlug}` : null,
    },
  };
}

/** Pure: whether one of the viewer's memberships is the referral's giver or receiver. */
export function isReferralParty(memberIds: readonly string[], parties: LinkParties): boolean {
  return memberIds.includes(parties.giverId) || memberIds.includes(parties.receiverId);
}

export async function openFeedbackLink(db: Db, token: string, now: Date): Promise<FeedbackLinkState> {
  return describeLink(await feedbackQueries(db).findLink(hashFeedbackToken(token)), now);
}

type ReferralParties = { referralId: string; giverId: string; receiverId: string; clientId: string; topic: string };

/**
 * Pure: the two ledger events one feedback makes. The receiver's `feedback` and the giver's
 * `referrer_feedback` carry the same outcome: a rating, or "never contacted" (then no rating).
 */
export function feedbackEvents(
  parties: ReferralParties,
  answers: FeedbackAnswers,
  verification: FeedbackVerification,
  now: Date,
): TrustEventInput[] {
  const outcome = answers.contacted ? { rating: answers.rating } : { neverContacted: true };
  const { topic, referralId, clientId } = parties;
  const about = { topic, referralId, clientId, verification, occurredAt: now, ...outcome };
  return [
    { kind: 'feedback', memberId: parties.receiverId, giverId: parties.giverId, ...about },
    { kind: 'referrer_feedback', memberId: parties.giverId, ...about },
  ];
}

export type SubmitOutcome = 'received' | Exclude<FeedbackLinkState['state'], 'open'>;

/** Where the answer came from (hashed, server/signals) and where hosts review a flagged one. */
export type AnswerContext = { origin: Origin; reviewUrl: string };

const UNKNOWN_ORIGIN: AnswerContext = { origin: { deviceHash: null, networkHash: null }, reviewUrl: '/host/review' };

/**
 * Stores the answers, appends both trust events, marks the link used and notifies giver and
 * receiver — all in one transaction. Only the submission that claims the request does any of
 * it; a concurrent or later one learns why it did not (answered, expired, unknown).
 */
export async function submitFeedback(
  db: Db,
  token: string,
  answers: FeedbackAnswers,
  now: Date,
  context: AnswerContext = UNKNOWN_ORIGIN,
): Promise<SubmitOutcome> {
  const tokenHash = hashFeedbackToken(token);
  const received = await db.transaction(async (tx) => {
    const q = feedbackQueries(tx);
    const claimed = await q.claimRequest(tokenHash, now);
    if (!claimed) return false;
    const parties = await q.referralParties(claimed.referralId);
    if (!parties) throw new Error(`feedback request without referral ${claimed.referralId}`);
    // The mailed link reached only the client's own mailbox; the other one went through the giver.
    const answeredVia: LinkKind = claimed.viaMail ? 'mailbox' : 'shared';
    // Signals of a bought answer hold it back for a host's review; the client is not told.
    const reasons = await assessAnswer(tx, parties.referralId, context.origin, now);
    const verification: FeedbackVerification = reasons.length > 0 ? 'flagged' : answeredVia;
    const stored = await q.insertFeedback({ referralId: parties.referralId, ...answers, verification, answeredVia, createdAt: now });
    await appendTrustEvents(tx, parties.groupId, feedbackEvents(parties, answers, verification, now));
    const { groupId, referralId, giverId, receiverId } = parties;
    if (reasons.length > 0) {
      const flag = { feedbackId: stored.id, groupId, referralId, giverId, receiverId, reasons, linkKind: answeredVia, reviewUrl: context.reviewUrl };
      await flagFeedback(tx, flag, now);
    }
    await dispatch(tx, { type: 'FeedbackReceived', at: now, groupId, referralId, giverId, receiverId });
    return true;
  });
  if (received) return 'received';
  const state = describeLink(await feedbackQueries(db).findLink(tokenHash), now);
  // The claim's conditions are exactly the open state's, so an unclaimed link is never open.
  if (state.state === 'open') throw new Error('feedback request neither claimed nor closed');
  return state.state;
}

const SHARED_COMMENTS_SHOWN = 20;

/**
 * What clients said about a member and agreed to show to the group (the consent checkbox on the
 * feedback page); comments without that consent stay with giver and receiver.
 */
export async function commentsSharedWithGroup(db: Db, receiverId: string) {
  return feedbackQueries(db).commentsSharedAbout(receiverId, SHARED_COMMENTS_SHOWN);
}
