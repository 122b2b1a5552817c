import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTrustEvents } from '../../server/ledger/append.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { logIn, seedGroup, seedMember } from '../helpers/world/index.js';

const DAY = 86_400_000;

describe('the ledger CSV export', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Rita with three events: a held-back duplicate, a 4 from a year ago, and a topic that tries a formula. */
  async function ritaWithLedger() {
    const { group, host } = await seedGroup(t.app.db);
    const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
    const client = randomUUID();
    const now = t.clock.now().getTime();
    // Answered through the client's mailbox: full weight, so the base weights are the rating's.
    const about = { memberId: rita.member.id, giverId: anna.member.id, clientId: client, verification: 'mailbox' as const };
    await t.app.db.transaction((tx) =>
      appendTrustEvents(tx, group.id, [
        { kind: 'feedback', ...about, topic: 'Steuerberatung für Ärzte; "Praxis"', rating: 4, occurredAt: new Date(now - 365 * DAY) },
        { kind: 'feedback', ...about, topic: '=HYPERLINK("http://evil.example")', rating: 2, occurredAt: new Date(now - 360 * DAY) },
        { kind: 'response_overdue', memberId: rita.member.id, giverId: anna.member.id, topic: 'Steuerberatung', occurredAt: new Date(now) },
      ]),
    );
    return { group, host, rita, anna, client };
  }

  it('lets the member download their own ledger: BOM, attachment, one parsable row per event', async () => {
    const { rita, client } = await ritaWithLedger();
    const own = await logIn(t.app, rita.email);
    const response = await own.get(`/m/${rita.member.slug}/trust.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="kreis-ledger-${rita.member.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const records: string[][] = parse(response.rawPayload, { bom: true, delimiter: ';' });
    expect(records[0]).toEqual([
      'Datum (UTC)',
      'Art',
      'Thema',
      'Bewertung',
      'Grundgewicht dafür (r)',
      'Grundgewicht dagegen (s)',
      'Alterung',
      'Beitrag dafür',
      'Beitrag dagegen',
      'gezählt',
      'Begründung',
    ]);
    expect(records).toHaveLength(4);
    // A year old, rated 4: r ¾ and s ¼ at half weight. Umlauts, ";" and quotes survive the round trip.
    // Its s and the deadline's are both from Anna's referrals: by the same-giver √ law (rule
    // version 2) each s × √(⅛² + ½²) / (⅛ + ½) = 0.8246, so 0.125 → 0.1031 and 0.5 → 0.4123.
    expect(records[1]).toEqual([
      new Date(t.clock.now().getTime() - 365 * DAY).toISOString(),
      'Rückmeldung der Kundin oder des Kunden',
      'Steuerberatung für ärzte; "praxis"',
      '4',
      '0,75',
      '0,25',
      '0,5',
      '0,375',
      '0,1031',
      'ja',
      'gezählt; von 2 Empfehlungen derselben Person: Gewicht 0,82',
    ]);
    // Five days later the same client again: held back, with the reason. The topic cannot run as a formula.
    expect(records[2]![1]).toBe('Rückmeldung der Kundin oder des Kunden');
    expect(records[2]![2]).toBe('\'=hyperlink("http://evil.example")');
    expect(records[2]!.slice(7)).toEqual(['0', '0', 'nein', expect.stringMatching(/^zählt nicht: dieselbe Kundin oder derselbe Kunde zählt nur einmal in 30 Tagen/)]);
    expect(records[3]!.slice(1, 10)).toEqual(['Antwortfrist verpasst', 'Steuerberatung', '', '0', '0,5', '1', '0', '0,4123', 'ja']);
    // Ids only in the ledger, and not even the client's pseudonymous id in the export.
    expect(response.body).not.toContain(client);
  });

  it('speaks English with commas and decimal points when the member reads English', async () => {
    const { rita } = await ritaWithLedger();
    const own = await logIn(t.app, rita.email);
    const response = await own.get(`/m/${rita.member.slug}/trust.csv?lang=en`);
    const records: string[][] = parse(response.rawPayload, { bom: true, delimiter: ',' });
    expect(records[0]!.slice(0, 3)).toEqual(['Date (UTC)', 'Kind', 'Topic']);
    expect(records[1]!.slice(1, 10)).toEqual(['Client feedback', 'Steuerberatung für ärzte; "praxis"', '4', '0.75', '0.25', '0.5', '0.375', '0.1031', 'yes']);
  });

  it('is nobody else’s to download: 403 in the group, 404 outside, login for anonymous', async () => {
    const { rita, host } = await ritaWithLedger();
    const url = `/m/${rita.member.slug}/trust.csv`;
    const colleague = await logIn(t.app, host.email);
    const inGroup = await colleague.get(url);
    expect(inGroup.statusCode).toBe(403);
    expect(inGroup.body).not.toContain('Rückmeldung der Kundin oder des Kunden');

    const other = await seedGroup(t.app.db);
    const stranger = await logIn(t.app, other.host.email);
    expect((await stranger.get(url)).statusCode).toBe(404);

    const anonymous = await t.app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
  });
});
