/**
 * Every domain event Kreis records. An event is a plain record: what happened, to whom, when.
 * A use case writes its rows and dispatches its events in the same transaction; the subscribers
 * (server/subscriptions.ts) update read models inside that transaction, so a read model commits
 * with the write or not at all. The index of events and subscribers is docs/events.md.
 */
type Event<Type extends string, Data> = { type: Type; at: Date } & Data;

type Parties = { groupId: string; referralId: string; giverId: string; receiverId: string };

/** Someone became a member of a group (first set-up, invitation). */
export type MemberJoined = Event<'MemberJoined', { groupId: string; memberId: string }>;
/** What the directory shows of members changed: profile text, region, trades, an allowed trade. */
export type ProfileChanged = Event<'ProfileChanged', { memberIds: string[] }>;
/** A host changed a member's role or took them out of the group (or back in). */
export type MembershipChanged = Event<'MembershipChanged', { groupId: string; memberId: string; active: boolean }>;
/** A host changed the group's settings (its language decides how its texts are searched). */
export type GroupSettingsChanged = Event<'GroupSettingsChanged', { groupId: string }>;
/** A member gave a colleague a client: the trust advance. */
export type ReferralGiven = Event<'ReferralGiven', Parties>;
/** The receiver moved a referral forward; `firstContact` when this step recorded the first contact. */
export type ReferralMoved = Event<'ReferralMoved', Parties & { to: 'contacted' | 'meeting' | 'proposal' | 'won' | 'lost'; firstContact: boolean }>;
/** The client answered through the feedback link. */
export type FeedbackReceived = Event<'FeedbackReceived', Parties>;
/**
 * A client's answer was held back for a host's review (server/signals): the signals in `reasons`
 * tripped. The answer is stored as 'flagged'; `reviewUrl` is the hosts' review page.
 */
export type FeedbackFlagged = Event<'FeedbackFlagged', Parties & { feedbackId: string; reasons: string[]; reviewUrl: string }>;
/**
 * A breakfast's intro round ended: what attendees pledged ("I have a referral for you") and the
 * one-to-ones they asked for, between whoever was in the room (guests included; followers skip them).
 */
export type IntroRoundEnded = Event<
  'IntroRoundEnded',
  {
    groupId: string;
    breakfastId: string;
    pledges: { giverMemberId: string; receiverMemberId: string; note: string | null }[];
    oneToOneRequests: { requesterMemberId: string; partnerMemberId: string }[];
  }
>;
/** Rows were appended to a group's trust ledger about these members. */
export type TrustEventsRecorded = Event<'TrustEventsRecorded', { groupId: string; memberIds: string[] }>;

export type DomainEvent =
  | MemberJoined
  | ProfileChanged
  | MembershipChanged
  | GroupSettingsChanged
  | ReferralGiven
  | ReferralMoved
  | FeedbackReceived
  | FeedbackFlagged
  | IntroRoundEnded
  | TrustEventsRecorded;

export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
