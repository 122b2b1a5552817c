import { describe, expect, it } from 'vitest';
import { detectSignals, privateDomain, type SignalInput } from '../../server/signals/detect.js';
import { signalHash } from '../../server/signals/hashing.js';
import { emailDomain, isCommonMailProvider, isReservedDomain } from '../../server/signals/mail-providers.js';
import { networkPrefix } from '../../server/signals/network.js';
import type { TrustEvent } from '../../server/ledger/events.js';
import { scoreMember } from '../../server/trust/score.js';
import { verdictsOf, withReviews } from '../../server/trust/review.js';

const ISSUED = new Date('2026-03-01T10:00:00Z');

/** An honest answer: another device and network, an unrelated address, an hour after the link. */
function input(overrides: Partial<SignalInput> = {}): SignalInput {
  return {
    deviceHash: 'dev-client',
    networkHash: 'net-client',
    partyDevices: new Set(['dev-giver']),
    partyNetworks: new Set(['net-giver']),
    membersOnNetwork: 0,
    clientEmail: 'kundin@baeckerei-sonne.de',
    partyEmails: ['thomas@berger-steuer.de', 'aylin@demir-web.de'],
    otherReceiversForClient: 0,
    otherClientsOnDomain: 0,
    linkIssuedAt: ISSUED,
    answeredAt: new Date(ISSUED.getTime() + 3600_000),
    ...overrides,
  };
}

describe('detectSignals: the reasons to hold an answer back', () => {
  it('an honest answer has none', () => {
    expect(detectSignals(input())).toEqual([]);
  });

  it('same_device: the browser was seen with the giver or the receiver; no cookie is no hint', () => {
    expect(detectSignals(input({ deviceHash: 'dev-giver' }))).toEqual(['same_device']);
    expect(detectSignals(input({ deviceHash: null }))).toEqual([]);
  });

  it('same_network: a party was seen on it — unless five or more members of the group were (an office)', () => {
    expect(detectSignals(input({ networkHash: 'net-giver', membersOnNetwork: 2 }))).toEqual(['same_network']);
    expect(detectSignals(input({ networkHash: 'net-giver', membersOnNetwork: 4 }))).toEqual(['same_network']);
    expect(detectSignals(input({ networkHash: 'net-giver', membersOnNetwork: 5 }))).toEqual([]);
    expect(detectSignals(input({ networkHash: null }))).toEqual([]);
  });

  it("same_email_domain: the client's domain is a party's own; not for common providers or reserved domains", () => {
    expect(detectSignals(input({ clientEmail: 'Sekretariat@Berger-Steuer.de' }))).toEqual(['same_email_domain']);
    expect(detectSignals(input({ clientEmail: 'kundin@gmail.com', partyEmails: ['thomas@gmail.com'] }))).toEqual([]);
    expect(detectSignals(input({ clientEmail: 'kundin@yahoo.de', partyEmails: ['thomas@yahoo.de'] }))).toEqual([]);
    expect(detectSignals(input({ clientEmail: 'kundin@example.org', partyEmails: ['thomas@example.org'] }))).toEqual([]);
    expect(detectSignals(input({ clientEmail: null }))).toEqual([]);
  });

  it('client_for_several_receivers: two other receivers of the same giver, not one', () => {
    expect(detectSignals(input({ otherReceiversForClient: 1 }))).toEqual([]);
    expect(detectSignals(input({ otherReceiversForClient: 2 }))).toEqual(['client_for_several_receivers']);
  });

  it('clients_share_domain: from the second address of one giver on one private domain', () => {
    expect(detectSignals(input({ otherClientsOnDomain: 0 }))).toEqual([]);
    expect(detectSignals(input({ otherClientsOnDomain: 1 }))).toEqual(['clients_share_domain']);
  });

  it('only a company domain is private: providers and reserved domains are nobody\'s own', () => {
    expect(privateDomain('Kundin@Kanzlei-Vogt.DE')).toBe('kanzlei-vogt.de');
    expect(privateDomain('kundin@gmx.de')).toBeNull();
    expect(privateDomain('kundin@example.org')).toBeNull();
    expect(privateDomain(null)).toBeNull();
  });

  it('answered_quickly: under 60 seconds after the link was made', () => {
    expect(detectSignals(input({ answeredAt: new Date(ISSUED.getTime() + 59_999) }))).toEqual(['answered_quickly']);
    expect(detectSignals(input({ answeredAt: new Date(ISSUED.getTime() + 60_000) }))).toEqual([]);
  });

  it('several reasons at once, in a fixed order', () => {
    const all = input({
      deviceHash: 'dev-giver',
      networkHash: 'net-giver',
      clientEmail: 'x@demir-web.de',
      otherReceiversForClient: 3,
      otherClientsOnDomain: 2,
      answeredAt: ISSUED,
    });
    expect(detectSignals(all)).toEqual([
      'same_device',
      'same_network',
      'same_email_domain',
      'client_for_several_receivers',
      'clients_share_domain',
      'answered_quickly',
    ]);
  });
});

describe('the curated list of mail providers', () => {
  it.each(['gmail.com', 'gmx.de', 'web.de', 't-online.de', 'outlook.com', 'yahoo.com', 'yahoo.co.uk', 'icloud.com', 'posteo.de', 'mailbox.org', 'freenet.de'])(
    '%s is a provider for everyone',
    (domain) => expect(isCommonMailProvider(domain)).toBe(true),
  );
  it.each(['berger-steuer.de', 'yahoo-fans.de', 'gmail.com.evil.de', 'notgmail.com'])('%s is not', (domain) => expect(isCommonMailProvider(domain)).toBe(false));
  it('reserved example domains are nobody\'s company', () => {
    expect(isReservedDomain('example.org')).toBe(true);
    expect(isReservedDomain('shop.example')).toBe(true);
    expect(isReservedDomain('example.de')).toBe(false);
  });
  it('the domain of an address, lower case', () => {
    expect(emailDomain(' Kundin@Berger-Steuer.DE ')).toBe('berger-steuer.de');
    expect(emailDomain('no-at-sign')).toBeNull();
    expect(emailDomain('')).toBeNull();
  });
});

describe('networkPrefix: as little of the address as tells networks apart', () => {
  it('IPv4 to its /24, IPv4-mapped IPv6 alike; loopback and garbage to nothing', () => {
    expect(networkPrefix('192.0.2.17')).toBe('v4:192.0.2.0/24');
    expect(networkPrefix('::ffff:192.0.2.200')).toBe('v4:192.0.2.0/24');
    expect(networkPrefix('127.0.0.1')).toBeNull();
    expect(networkPrefix('::1')).toBeNull();
    expect(networkPrefix('not an ip')).toBeNull();
    expect(networkPrefix(undefined)).toBeNull();
  });
  it('IPv6 to its /48', () => {
    expect(networkPrefix('2001:db8:abcd:12::1')).toBe('v6:2001:db8:abcd::/48');
    expect(networkPrefix('2001:db8:abcd:ffff:1:2:3:4')).toBe('v6:2001:db8:abcd::/48');
    expect(networkPrefix('2001:db8:abce::1')).not.toBe(networkPrefix('2001:db8:abcd::1'));
  });
  it('hashes depend on the key and keep no address', () => {
    const a = signalHash('key-one-0123456789', 'network', 'v4:192.0.2.0/24');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain('192');
    expect(signalHash('key-two-0123456789', 'network', 'v4:192.0.2.0/24')).not.toBe(a);
  });
});

describe('a host verdict re-scores a flagged answer (trust/review.ts)', () => {
  const NOW = new Date('2026-03-10T12:00:00Z');
  const at = new Date('2026-03-01T12:00:00Z');
  const flagged: TrustEvent = { id: 'f1', kind: 'feedback', memberId: 'r', topic: 'web', referralId: 'ref1', clientId: 'c1', giverId: 'g', rating: 5, verification: 'flagged', occurredAt: at };
  const review = (verification: string, id = 'v1'): TrustEvent => ({ id, kind: 'feedback_reviewed', memberId: 'r', topic: 'web', referralId: 'ref1', reversesId: 'f1', verification, occurredAt: NOW });

  it('flagged: no weight, and it does not take the client\'s 30-day slot', () => {
    const later: TrustEvent = { ...flagged, id: 'f2', referralId: 'ref2', verification: 'mailbox', occurredAt: new Date(at.getTime() + 86_400_000) };
    const score = scoreMember([flagged, later], 'r', NOW);
    expect(score.explanation.map((e) => [e.eventId, e.reason])).toEqual([
      ['f1', 'flagged_for_review'],
      ['f2', 'counted'],
    ]);
    expect(score.overall.R).toBeGreaterThan(0.9);
  });

  it('genuine: counts with the weight of its link; not genuine: stays at 0; the first verdict is final', () => {
    expect(scoreMember([flagged], 'r', NOW).overall.N).toBe(0);
    const genuine = scoreMember([flagged, review('shared')], 'r', NOW);
    expect(genuine.overall.R).toBeCloseTo(0.5 * 2 ** (-9 / 365), 12);
    expect(genuine.explanation).toHaveLength(1);
    expect(scoreMember([flagged, review('mailbox')], 'r', NOW).overall.R).toBeCloseTo(2 ** (-9 / 365), 12);
    expect(scoreMember([flagged, review('flagged')], 'r', NOW).overall.N).toBe(0);
    expect(scoreMember([flagged, review('flagged'), review('mailbox', 'v2')], 'r', NOW).overall.N).toBe(0);
    expect(verdictsOf([review('shared')]).get('f1')).toEqual({ verdict: 'genuine', verification: 'shared' });
  });

  it('held after the fact: no weight from the start, until a verdict; a hold never undoes a verdict already given', () => {
    const mailbox: TrustEvent = { ...flagged, verification: 'mailbox' };
    const hold = (id = 'h1'): TrustEvent => ({ id, kind: 'feedback_held', memberId: 'r', topic: 'web', referralId: 'ref1', reversesId: 'f1', verification: 'flagged', occurredAt: NOW });
    expect(scoreMember([mailbox], 'r', NOW).overall.R).toBeCloseTo(2 ** (-9 / 365), 12);
    const held = scoreMember([mailbox, hold()], 'r', NOW);
    expect(held.overall.N).toBe(0);
    expect(held.explanation.map((e) => [e.eventId, e.reason])).toEqual([['f1', 'flagged_for_review']]);
    expect(scoreMember([mailbox, hold(), review('mailbox')], 'r', NOW).overall.R).toBeCloseTo(2 ** (-9 / 365), 12);
    expect(scoreMember([mailbox, hold(), review('flagged')], 'r', NOW).overall.N).toBe(0);
    expect(scoreMember([flagged, review('shared'), hold()], 'r', NOW).overall.R).toBeCloseTo(0.5 * 2 ** (-9 / 365), 12);
  });

  it('a verdict never upgrades an answer that was not flagged', () => {
    const shared = { ...flagged, verification: 'shared' };
    expect(withReviews([shared, review('mailbox')])).toEqual([shared]);
  });
});
