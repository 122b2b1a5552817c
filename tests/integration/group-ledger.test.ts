import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTrustEvents, type TrustEventInput } from '../../server/ledger/append.js';
import { clearGroupLedgerCache, groupLedger, mergeInLedgerOrder } from '../../server/trust/group-ledger.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { seedGroup, seedMember } from '../helpers/world/index.js';

/**
 * The group's ledger as the collusion rules read it is cached per chain head and, when the head
 * moves, extended by the new events only. Whatever the path, it must equal a fresh read.
 */
describe("a group's cached ledger", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function circle() {
    const { group } = await seedGroup(t.app.db);
    const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
    const answer = (daysAgo: number, rating = 5): TrustEventInput[] => {
      const base = { referralId: randomUUID(), topic: 'Steuerberatung', giverId: anna.member.id, clientId: randomUUID(), rating, verification: 'mailbox' as const };
      const occurredAt = new Date(t.clock.now().getTime() - daysAgo * 86_400_000);
      return [
        { ...base, kind: 'feedback', memberId: rita.member.id, occurredAt },
        { ...base, kind: 'referrer_feedback', memberId: anna.member.id, occurredAt },
      ];
    };
    return { group, answer };
  }

  const fresh = async (groupId: string) => {
    clearGroupLedgerCache();
    return groupLedger(t.app.db, groupId);
  };
  const ids = (ledger: { events: readonly { id: string }[] }) => ledger.events.map((e) => e.id);

  it('takes in new events, also ones stamped before the newest it knows, as a fresh read would', async () => {
    const c = await circle();
    await appendTrustEvents(t.app.db, c.group.id, [...c.answer(10), ...c.answer(2)]);
    const first = await groupLedger(t.app.db, c.group.id);
    expect(first.events).toHaveLength(4);

    await appendTrustEvents(t.app.db, c.group.id, [...c.answer(5, 3), ...c.answer(1)]);
    const extended = await groupLedger(t.app.db, c.group.id);
    const reread = await fresh(c.group.id);
    expect(extended.events).toHaveLength(8);
    expect(ids(extended)).toEqual(ids(reread));
    expect(extended.head).toBe(reread.head);
    expect(extended.context).toEqual(reread.context);
  });

  it('forgets what a rolled-back transaction showed it', async () => {
    const c = await circle();
    await appendTrustEvents(t.app.db, c.group.id, c.answer(10));
    await groupLedger(t.app.db, c.group.id);
    await expect(
      t.app.db.transaction(async (tx) => {
        await appendTrustEvents(tx, c.group.id, c.answer(3, 1));
        expect((await groupLedger(tx, c.group.id)).events).toHaveLength(4);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await appendTrustEvents(t.app.db, c.group.id, c.answer(2));
    const after = await groupLedger(t.app.db, c.group.id);
    expect(ids(after)).toEqual(ids(await fresh(c.group.id)));
    expect(after.events.filter((e) => e.rating === 1)).toEqual([]);
  });

  it('merges two lists in ledger order: time, then place in the chain', () => {
    const at = (day: number, seq: number) => ({ occurredAt: new Date(Date.UTC(2026, 0, day)), seq });
    expect(mergeInLedgerOrder([at(1, 1), at(3, 2), at(5, 3)], [at(2, 4), at(5, 5), at(6, 6)])).toEqual([at(1, 1), at(2, 4), at(3, 2), at(5, 3), at(5, 5), at(6, 6)]);
    expect(mergeInLedgerOrder([], [at(1, 1)])).toEqual([at(1, 1)]);
  });
});
