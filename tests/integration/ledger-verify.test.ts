import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { appendTrustEvents } from '../../server/ledger/append.js';
import { verifyLedger } from '../../server/ledger/verify.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { seedGroup, seedMember } from '../helpers/world/index.js';

const run = promisify(execFile);

/** Edits a ledger row the way only a database superuser could: with the append-only trigger off. */
async function tamper(query: (sql: string, params?: unknown[]) => Promise<unknown>, groupId: string, seq: number) {
  await query('alter table trust_events disable trigger trust_events_no_update_delete');
  await query('update trust_events set rating = 5 where group_id = $1 and seq = $2', [groupId, seq]);
  await query('alter table trust_events enable trigger trust_events_no_update_delete');
}

async function seedChain(t: { app: TestApp['app'] }, events: number) {
  const { group, host } = await seedGroup(t.app.db);
  const giver = await seedMember(t.app.db, group.id, 'Gabi Geberin');
  await t.app.db.transaction((tx) =>
    appendTrustEvents(
      tx,
      group.id,
      Array.from({ length: events }, (_, i) => ({
        kind: 'feedback' as const,
        memberId: host.member.id,
        giverId: giver.member.id,
        topic: 'Steuerberatung',
        rating: 4,
        occurredAt: new Date(Date.UTC(2026, 0, 1 + i)),
      })),
    ),
  );
  return group.id;
}

describe('ledger verification', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('an untouched ledger verifies; a row edited by a superuser is named', async () => {
    const groupId = await seedChain(t, 12);
    const intact = await verifyLedger(t.app.db);
    expect(intact.firstBreak).toBeNull();
    expect(intact.events).toBeGreaterThanOrEqual(12);

    await tamper((sql, params) => t.asOwner(sql, params), groupId, 7);
    const broken = await verifyLedger(t.app.db);
    expect(broken.firstBreak).toMatchObject({ groupId, seq: 7, reason: 'hash_mismatch' });
  });

  it('concurrent appends to one group keep one unbroken chain', async () => {
    const { group, host } = await seedGroup(t.app.db);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.app.db.transaction((tx) =>
          appendTrustEvents(tx, group.id, [{ kind: 'referral_given', memberId: host.member.id, occurredAt: new Date(Date.UTC(2026, 1, 1 + i)) }]),
        ),
      ),
    );
    const rows = await t.database.query<{ seq: number }>('select seq from trust_events where group_id = $1 order by seq', [group.id]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('npm run ledger:verify', () => {
  it('exits 0 on an intact ledger and 1 naming the first broken row', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kreis-verify-'));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    try {
      let database = await openDatabase({ dataDir });
      const groupId = await seedChain({ app: { db: database.db } as TestApp['app'] }, 5);
      await database.close();

      const ok = await run('npx', ['tsx', 'scripts/ledger-verify.ts'], { env });
      expect(ok.stdout).toMatch(/Ledger intact: 5 events in 1 groups/);

      database = await openDatabase({ dataDir });
      await tamper((sql, params) => database.query(sql, params), groupId, 3);
      await database.close();

      const failed = await run('npx', ['tsx', 'scripts/ledger-verify.ts'], { env }).catch((e: { code: number; stderr: string }) => e);
      expect('code' in failed && failed.code).toBe(1);
      expect((failed as { stderr: string }).stderr).toContain(`group ${groupId} at seq 3`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
