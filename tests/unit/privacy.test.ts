import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { deletedEmail, deletedSlug, groupsLeftWithoutHost } from '../../server/privacy/deletion.js';
import { buildAccountExport, type ExportRows, exportFileName } from '../../server/privacy/export.js';
import { retentionCutoff } from '../../server/privacy/retention.js';
import { accountExportSchema, deleteAccountSchema } from '../../server/privacy/schemas.js';

describe('retentionCutoff', () => {
  it('goes back whole calendar months in UTC, keeping the time of day', () => {
    expect(retentionCutoff(new Date('2027-11-23T09:00:00.000Z'), 12).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(retentionCutoff(new Date('2027-01-15T23:30:00.500Z'), 2).toISOString()).toBe('2026-11-15T23:30:00.500Z');
    expect(retentionCutoff(new Date('2027-05-01T00:00:00.000Z'), 1).toISOString()).toBe('2027-04-01T00:00:00.000Z');
  });

  it('clamps a day the earlier month does not have to its last day, never overshooting', () => {
    expect(retentionCutoff(new Date('2027-03-31T12:00:00Z'), 1).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(retentionCutoff(new Date('2028-03-31T12:00:00Z'), 1).toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(retentionCutoff(new Date('2029-02-28T12:00:00Z'), 12).toISOString()).toBe('2028-02-28T12:00:00.000Z');
    expect(retentionCutoff(new Date('2028-12-31T00:00:00Z'), 10).toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });
});

describe('deletion placeholders and the last-host rule', () => {
  it('replaces the e-mail with a unique address that can never receive mail, and the slug with one that names nobody', () => {
    const id = '3f1c2a8e-1111-4222-8333-944455556666';
    expect(deletedEmail(id)).toBe(`deleted-${id}@deleted.invalid`);
    expect(deletedEmail(id)).not.toBe(deletedEmail('3f1c2a8e-1111-4222-8333-944455556667'));
    expect(deletedSlug(id)).toMatch(/^[a-z0-9-]{1,80}$/);
  });

  it('refuses only where the account holds the last active host seat', () => {
    const seats = [
      { groupId: 'a', groupName: 'Kreis A', role: 'host' as const, active: true },
      { groupId: 'b', groupName: 'Kreis B', role: 'host' as const, active: true },
      { groupId: 'c', groupName: 'Kreis C', role: 'member' as const, active: true },
      { groupId: 'd', groupName: 'Kreis D', role: 'host' as const, active: false },
    ];
    const hosts = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 0],
      ['d', 0],
    ]);
    expect(groupsLeftWithoutHost(seats, hosts)).toEqual(['Kreis A']);
    expect(groupsLeftWithoutHost(seats, new Map([['a', 3]]))).toEqual(['Kreis B']);
  });

  it('needs the password and the typed word, in either language and any case', () => {
    for (const word of ['LÖSCHEN', 'löschen', ' Delete ', 'DELETE']) {
      expect(deleteAccountSchema.safeParse({ deletePassword: 'x', confirmation: word }).success, word).toBe(true);
    }
    for (const word of ['', 'ja', 'LOESCHEN', 'delete!']) {
      expect(deleteAccountSchema.safeParse({ deletePassword: 'x', confirmation: word }).success, word).toBe(false);
    }
    expect(deleteAccountSchema.safeParse({ confirmation: 'DELETE' }).success).toBe(false);
  });
});

describe('the export', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const at = new Date('2026-11-01T08:00:00Z');
  const me = '11111111-1111-4111-8111-111111111111';
  const other = '22222222-2222-4222-8222-222222222222';
  const group = '33333333-3333-4333-8333-333333333333';
  const oneToOne = (requesterId: string, partnerId: string) => ({
    oneToOne: {
      id: '44444444-4444-4444-8444-444444444444',
      groupId: group,
      requesterId,
      partnerId,
      status: 'confirmed' as const,
      loggedBy: other,
      metOn: '2026-10-30',
      durationMinutes: 30,
      requesterNote: 'note of the requester',
      partnerNote: 'note of the partner',
      breakfastId: null,
      confirmedAt: at,
      createdAt: at,
      updatedAt: at,
    },
    requesterName: requesterId === me ? 'Me' : 'Other',
    partnerName: partnerId === me ? 'Me' : 'Other',
  });
  const rows = (oneToOnes: ExportRows['oneToOnes']): ExportRows => ({
    account: { id: '55555555-5555-4555-8555-555555555555', name: 'Me', email: 'me@example.org', createdAt: at },
    memberships: [
      {
        member: {
          id: me,
          groupId: group,
          accountId: '55555555-5555-4555-8555-555555555555',
          slug: 'me',
          role: 'member',
          active: true,
          warum: 'Weil.',
          offer: '',
          goodReferral: '',
          region: '',
          website: '',
          phone: '',
          isPublic: false,
          deletedAt: null,
          createdAt: at,
          updatedAt: at,
        },
        group: { id: group, name: 'Kreis', city: 'Stadt' },
        photo: { contentType: null, bytes: null, updatedAt: null },
      },
    ],
    trades: [],
    referrals: [],
    drafts: [],
    oneToOnes,
    rsvps: [],
    attendance: [],
    notifications: [],
    trustEvents: [],
    deviceSightings: { count: 0, seenAt: [], deletedAfterDays: 90 },
  });

  it("takes only the member's own side of a one-to-one, as requester or as partner", () => {
    const asPartner = buildAccountExport(rows([oneToOne(other, me)]), now);
    expect(asPartner.oneToOnes[0]).toMatchObject({ role: 'partner', myNote: 'note of the partner', otherMember: { memberId: other, name: 'Other' } });
    expect(JSON.stringify(asPartner)).not.toContain('note of the requester');
    const asRequester = buildAccountExport(rows([oneToOne(me, other)]), now);
    expect(asRequester.oneToOnes[0]).toMatchObject({ role: 'requester', myNote: 'note of the requester' });
    expect(JSON.stringify(asRequester)).not.toContain('note of the partner');
  });

  it('fits its own schema, with no photo when there is none, and is named by date', () => {
    const data = buildAccountExport(rows([]), now);
    expect(accountExportSchema.parse(data)).toEqual(data);
    expect(data.memberships[0]!.photo).toBeNull();
    expect(exportFileName(now)).toBe('kreis-export-2026-11-23.json');
  });
});

describe('CLIENT_DATA_RETENTION_MONTHS', () => {
  it('defaults to 12, takes whole months from 1 to 120, refuses anything else', () => {
    expect(loadConfig({}).clientDataRetentionMonths).toBe(12);
    expect(loadConfig({ CLIENT_DATA_RETENTION_MONTHS: '6' }).clientDataRetentionMonths).toBe(6);
    for (const bad of ['0', '-1', '1.5', 'zwölf', '121']) {
      expect(() => loadConfig({ CLIENT_DATA_RETENTION_MONTHS: bad }), bad).toThrow(/CLIENT_DATA_RETENTION_MONTHS/);
    }
  });
});
