/**
 * Signals of a bought answer: the device cookie's sightings of members, the reasons an answer is
 * held back, and the flag that holds it. Hashes only (hashing.ts); the rules are in detect.ts.
 */
import type { Db } from '../../db/client.js';
import type { LinkKind, SignalReason } from '../../db/schema.js';
import type { Config } from '../config.js';
import { dispatch } from '../events/bus.js';
import { appendTrustEvents } from '../ledger/append.js';
import { DAY_MS } from '../shared/time.js';
import { detectSignals, privateDomain, SEVERAL_RECEIVERS_DAYS, SIGHTING_DAYS } from './detect.js';
import { isDeviceId, newSignalKey, signalHash } from './hashing.js';
import { networkPrefix } from './network.js';
import { signalsQueries } from './queries.js';

/** The first-party device cookie: a random id, nothing else. */
export const DEVICE_COOKIE = 'kreis_device';
export const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;
/** One sighting per member, device and network per this long. */
export const SIGHTING_THROTTLE_MS = 60 * 60 * 1000;
/** The reasons of a flag are kept this long (the verdict stays). */
export const FLAG_RETENTION_DAYS = 365;

const SECRET_NAME = 'signal_hash_key';
const keys = new WeakMap<object, Promise<string>>();

/** The HMAC key: SIGNAL_HASH_SECRET, or the installation's own, made once and shared by every instance. */
export function signalKey(db: Db, config: Pick<Config, 'signalHashSecret'>): Promise<string> {
  if (config.signalHashSecret) return Promise.resolve(config.signalHashSecret);
  let key = keys.get(db);
  if (!key) {
    key = signalsQueries(db).installationSecret(SECRET_NAME, newSignalKey());
    key.catch(() => keys.delete(db));
    keys.set(db, key);
  }
  return key;
}

/** Where an answer or a visit came from, hashed: no cookie value and no address leaves this function. */
export type Origin = { deviceHash: string | null; networkHash: string | null };

export function hashOrigin(key: string, deviceId: string | undefined, ip: string | undefined): Origin {
  const network = networkPrefix(ip);
  return {
    deviceHash: isDeviceId(deviceId) ? signalHash(key, 'device', deviceId) : null,
    networkHash: network ? signalHash(key, 'network', network) : null,
  };
}

/** Records that these memberships were seen from this origin, at most once an hour per device and network. */
export async function recordSightings(db: Db, seats: readonly { groupId: string; memberId: string }[], origin: Origin, now: Date) {
  if (!origin.deviceHash) return;
  const q = signalsQueries(db);
  const since = new Date(now.getTime() - SIGHTING_THROTTLE_MS);
  const expiresAt = new Date(now.getTime() + SIGHTING_DAYS * DAY_MS);
  for (const seat of seats) {
    await q.recordSighting({ ...seat, deviceHash: origin.deviceHash, networkHash: origin.networkHash, seenAt: now, expiresAt }, since);
  }
}

/** The reasons to hold back an answer to this referral's link, from this origin, now. */
export async function assessAnswer(tx: Db, referralId: string, origin: Origin, now: Date): Promise<SignalReason[]> {
  const q = signalsQueries(tx);
  const facts = await q.referralFacts(referralId);
  if (!facts) throw new Error(`signals: no referral ${referralId}`);
  const recent = new Date(now.getTime() - SIGHTING_DAYS * DAY_MS);
  const since = new Date(now.getTime() - SEVERAL_RECEIVERS_DAYS * DAY_MS);
  const domain = privateDomain(facts.clientEmail);
  const [sightings, membersOnNetwork, otherReceiversForClient, otherClientsOnDomain] = await Promise.all([
    q.sightingsOf([facts.giverId, facts.receiverId], recent),
    origin.networkHash ? q.membersOnNetwork(facts.groupId, origin.networkHash, recent) : Promise.resolve(0),
    q.otherReceiversForClient({ ...facts, since }),
    domain && facts.clientEmail ? q.otherClientsOnDomain({ giverId: facts.giverId, clientEmail: facts.clientEmail, domain, since }) : Promise.resolve(0),
  ]);
  return detectSignals({
    ...origin,
    partyDevices: new Set(sightings.map((s) => s.deviceHash)),
    partyNetworks: new Set(sightings.flatMap((s) => (s.networkHash ? [s.networkHash] : []))),
    membersOnNetwork,
    clientEmail: facts.clientEmail,
    partyEmails: [facts.giverEmail, facts.receiverEmail],
    otherReceiversForClient,
    otherClientsOnDomain,
    linkIssuedAt: facts.linkIssuedAt,
    answeredAt: now,
  });
}

export type FlagInput = {
  feedbackId: string;
  groupId: string;
  referralId: string;
  giverId: string;
  receiverId: string;
  reasons: SignalReason[];
  linkKind: LinkKind;
  /** The host's review page, for the mail. */
  reviewUrl: string;
};

/** A flag as stored: its reasons are kept for FLAG_RETENTION_DAYS. */
function flagRow(flag: Pick<FlagInput, 'feedbackId' | 'groupId' | 'reasons' | 'linkKind'>, now: Date) {
  return { ...flag, expiresAt: new Date(now.getTime() + FLAG_RETENTION_DAYS * DAY_MS), createdAt: now };
}

/** Holds an answer back for a host's review, inside the answer's transaction; the hosts are told. */
export async function flagFeedback(tx: Db, input: FlagInput, now: Date): Promise<void> {
  const { feedbackId, groupId, referralId, giverId, receiverId, reasons, linkKind, reviewUrl } = input;
  await signalsQueries(tx).insertFlag(flagRow({ feedbackId, groupId, reasons, linkKind }, now));
  if (reasons.includes('clients_share_domain')) await holdEarlierAnswersOnDomain(tx, { groupId, referralId, giverId }, now);
  await dispatch(tx, { type: 'FeedbackFlagged', at: now, groupId, referralId, giverId, receiverId, feedbackId, reasons, reviewUrl });
}

/**
 * When a giver's clients turn out to share one company domain, the earlier answers on it are held
 * back too: the pattern is only visible from its second client on, and says as much about the
 * first. Each gets a flag for the host's review list and a `feedback_held` ledger event (the
 * scorer then weighs it 0 until a verdict, trust/review.ts); the ledger stays append-only.
 */
async function holdEarlierAnswersOnDomain(tx: Db, input: { groupId: string; referralId: string; giverId: string }, now: Date) {
  const q = signalsQueries(tx);
  const domain = privateDomain((await q.referralFacts(input.referralId))?.clientEmail ?? null);
  if (!domain) return;
  const since = new Date(now.getTime() - SEVERAL_RECEIVERS_DAYS * DAY_MS);
  const earlier = await q.unflaggedAnswersOnDomain({ giverId: input.giverId, domain, since, exceptReferralId: input.referralId });
  for (const answer of earlier) {
    const flag = { feedbackId: answer.feedbackId, groupId: input.groupId, reasons: ['clients_share_domain' as const], linkKind: answer.answeredVia ?? 'shared' };
    await q.insertFlag(flagRow(flag, now));
    await q.markFlagged(answer.feedbackId);
    const events = await q.feedbackEventsOf(answer.feedbackId);
    await appendTrustEvents(
      tx,
      input.groupId,
      events.map((e) => ({ kind: 'feedback_held' as const, memberId: e.memberId, topic: e.topic, referralId: e.referralId, reversesId: e.id, verification: 'flagged' as const, occurredAt: now })),
    );
  }
}

/** Open reviews of a group: the count on the host's pages. */
export async function openReviewCount(db: Db, groupId: string): Promise<number> {
  return signalsQueries(db).countOpen(groupId);
}

/** Retention: sightings past their date go; flags keep their verdict but lose their reasons. */
export async function expireSignals(db: Db, now: Date): Promise<{ sightings: number; reasons: number }> {
  const q = signalsQueries(db);
  return { sightings: await q.deleteExpiredSightings(now), reasons: await q.clearExpiredReasons(now) };
}

/** A deleted account's sightings go with it. */
export async function forgetDevices(tx: Db, memberIds: string[]): Promise<void> {
  if (memberIds.length > 0) await signalsQueries(tx).deleteSightingsOf(memberIds);
}

/** For the member's own export: when they were seen (no hashes). */
export async function sightingsForExport(db: Db, memberIds: string[]) {
  const rows = memberIds.length ? await signalsQueries(db).sightingDatesOf(memberIds) : [];
  return { count: rows.length, seenAt: rows.map((r) => r.seenAt.toISOString()), deletedAfterDays: SIGHTING_DAYS };
}
