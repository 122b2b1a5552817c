/**
 * Signals of a bought answer (issue 12): pure. What the database knows about the referral's
 * members and the answering browser goes in, the reasons to hold the answer back come out.
 * An answer with any reason is stored as 'flagged' (weight 0) until a host reviews it.
 */
import type { SignalReason } from '../../db/schema.js';
import { emailDomain, isCommonMailProvider, isReservedDomain } from './mail-providers.js';

/** Sightings of the giver and the receiver are "recent" for this long (and kept as long). */
export const SIGHTING_DAYS = 90;
/** This many different members of the group seen on one network: an office or a coworking space, not a hint. */
export const SHARED_NETWORK_MEMBERS = 5;
/** The same client for this many other receivers of one giver… */
export const SEVERAL_RECEIVERS = 2;
/** …within this many days. */
export const SEVERAL_RECEIVERS_DAYS = 365;
/**
 * This many other client addresses of one giver on the client's own private domain: the second
 * client on one company domain is held back for a host's review, and the first with it
 * (service.ts). Two colleagues of one firm referred by one member happen; a host confirms them
 * in a click, while sock-puppet addresses on a domain of the giver's own count nothing.
 */
export const CLIENTS_ON_ONE_DOMAIN = 1;
/** An answer sooner than this after the link was issued was not written by someone who had to find it first. */
export const QUICK_ANSWER_MS = 60_000;

export type SignalInput = {
  /** HMAC of the answering browser's `kreis_device` cookie; null without one. */
  deviceHash: string | null;
  /** HMAC of the answering address's network; null for loopback or no address. */
  networkHash: string | null;
  /** Device and network hashes of the giver's and the receiver's sightings of the last 90 days. */
  partyDevices: ReadonlySet<string>;
  partyNetworks: ReadonlySet<string>;
  /** Different members of the group seen on the answering network in the last 90 days. */
  membersOnNetwork: number;
  clientEmail: string | null;
  partyEmails: readonly string[];
  /** Other receivers this giver referred the same client to within 365 days. */
  otherReceiversForClient: number;
  /**
   * Other client addresses this giver referred within 365 days on the client's own domain; 0 when
   * that domain is a mail provider for everyone or reserved (the service asks only for private ones).
   */
  otherClientsOnDomain: number;
  linkIssuedAt: Date;
  answeredAt: Date;
};

/** Pure: the reasons to hold this answer back, in a fixed order; empty when there are none. */
export function detectSignals(input: SignalInput): SignalReason[] {
  const reasons: SignalReason[] = [];
  if (input.deviceHash !== null && input.partyDevices.has(input.deviceHash)) reasons.push('same_device');
  if (
    input.networkHash !== null &&
    input.partyNetworks.has(input.networkHash) &&
    input.membersOnNetwork < SHARED_NETWORK_MEMBERS
  ) {
    reasons.push('same_network');
  }
  if (sharesPrivateDomain(input.clientEmail, input.partyEmails)) reasons.push('same_email_domain');
  if (input.otherReceiversForClient >= SEVERAL_RECEIVERS) reasons.push('client_for_several_receivers');
  if (input.otherClientsOnDomain >= CLIENTS_ON_ONE_DOMAIN) reasons.push('clients_share_domain');
  if (input.answeredAt.getTime() - input.linkIssuedAt.getTime() < QUICK_ANSWER_MS) reasons.push('answered_quickly');
  return reasons;
}

/** The client's domain is the giver's or the receiver's own, and not a provider anyone can use. */
export function sharesPrivateDomain(clientEmail: string | null, partyEmails: readonly string[]): boolean {
  const domain = privateDomain(clientEmail);
  return domain !== null && partyEmails.some((email) => emailDomain(email) === domain);
}

/** The domain of an address when it is someone's own (a company's), not a provider's or a reserved one. */
export function privateDomain(email: string | null): string | null {
  const domain = emailDomain(email);
  return !domain || isCommonMailProvider(domain) || isReservedDomain(domain) ? null : domain;
}
