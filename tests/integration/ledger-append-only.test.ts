import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { seedGroup } from '../helpers/world/index.js';

/** On PostgreSQL the app runs as kreis_app, which is not even granted UPDATE, DELETE or TRUNCATE on the ledger. */
describe('the trust ledger is append-only in the database', () => {
  let t: TestApp;
  let groupId: string;
  let memberId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const seeded = await seedGroup(t.app.db);
    groupId = seeded.group.id;
    memberId = seeded.host.member.id;
    await t.database.query(
      `insert into trust_events (group_id, seq, kind, member_id, occurred_at, prev_hash, hash)
       values ($1, 1, 'referral_given', $2, now(), $3, 'h1')`,
      [groupId, memberId, '0'.repeat(64)],
    );
  });
  afterAll(() => t.close());

  it('rejects UPDATE with raw SQL', async () => {
    await expect(t.database.query(`update trust_events set rating = 5 where group_id = $1`, [groupId])).rejects.toThrow(/append-only|permission denied/);
  });

  it('rejects DELETE with raw SQL', async () => {
    await expect(t.database.query(`delete from trust_events where group_id = $1`, [groupId])).rejects.toThrow(/append-only|permission denied/);
  });

  it('rejects TRUNCATE, even with CASCADE past the corrections that reference it', async () => {
    await expect(t.database.query(`truncate trust_events cascade`)).rejects.toThrow(/append-only|permission denied/);
  });

  it('still accepts new rows', async () => {
    await t.database.query(
      `insert into trust_events (group_id, seq, kind, member_id, occurred_at, prev_hash, hash) values ($1, 2, 'referral_given', $2, now(), 'h1', 'h2')`,
      [groupId, memberId],
    );
    const rows = await t.database.query<{ n: number }>(`select count(*)::int as n from trust_events where group_id = $1`, [groupId]);
    expect(rows[0]!.n).toBe(2);
  });
});
