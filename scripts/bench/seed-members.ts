import type { Database } from '../../db/client.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { DEMO_MEMBERS } from '../demo-data.js';

export const BENCH_PASSWORD = 'benchmark passwort 1';

/**
 * Bulk-seeds one group with `count` members for benchmarks: set-based SQL, so 1,000 members take
 * well under a second. Texts cycle through the demo group's so pages have realistic sizes.
 */
export async function seedBenchGroup(database: Database, count: number, groupSlug = 'bench') {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const [group] = await database.query<{ id: string }>(
    `insert into groups (slug, name, city, locale) values ($1, 'Benchmark-Kreis', 'Musterstadt', 'de') returning id`,
    [groupSlug],
  );
  const groupId = group!.id;
  const samples = DEMO_MEMBERS.map((m) => [m.warum, m.offer, m.goodReferral, m.region, m.trades[0]!]);
  await database.query(
    `insert into trades (group_id, name)
     select $1, 'Gewerk ' || n from generate_series(1, $2::int) as n`,
    [groupId, count],
  );
  await database.query(
    `insert into accounts (email, name, password_hash)
     select $1 || '-' || n || '@bench.example', 'Mitglied ' || n, $2 from generate_series(1, $3::int) as n`,
    [groupSlug, passwordHash, count],
  );
  await database.query(
    `insert into members (group_id, account_id, slug, role, warum, offer, good_referral, region, website, phone, is_public)
     select $1, a.id, $2 || '-m-' || split_part(split_part(a.email, '@', 1), '-', 2),
            case when a.email like $2 || '-1@%' then 'host' else 'member' end,
            (($3::jsonb) -> ((row_number() over ()) % $4)::int ->> 0),
            (($3::jsonb) -> ((row_number() over ()) % $4)::int ->> 1),
            (($3::jsonb) -> ((row_number() over ()) % $4)::int ->> 2),
            (($3::jsonb) -> ((row_number() over ()) % $4)::int ->> 3),
            'https://example.org', '+49 5555 000', true
     from accounts a where a.email like $2 || '-%@bench.example'`,
    [groupId, groupSlug, JSON.stringify(samples), samples.length],
  );
  await database.query(
    `insert into member_trades (member_id, trade_id, status)
     select m.id, t.id, 'active' from members m
     join trades t on t.group_id = m.group_id and t.name = 'Gewerk ' || split_part(m.slug, '-m-', 2)
     where m.group_id = $1`,
    [groupId],
  );
  const [host] = await database.query<{ email: string }>(`select email from accounts where email = $1`, [`${groupSlug}-1@bench.example`]);
  return { groupId, loginEmail: host!.email, sampleSlug: `${groupSlug}-m-500` };
}
