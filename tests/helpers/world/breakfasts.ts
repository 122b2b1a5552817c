import type { Database, Db } from '../../../db/client.js';
import { createDraftsFromPledges } from '../../../server/referrals/drafts.js';
import { randomToken, sha256Hex } from '../../../server/shared/tokens.js';
import type { Browser } from '../app.js';

/** A valid "plan a breakfast" form: 3 December 2026, 07:30 Berlin time (06:30 UTC), 90 minutes. */
export function breakfastForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    date: '2026-12-03',
    time: '07:30',
    durationMinutes: '90',
    videoUrl: 'https://meet.jit.si/kreis-fruehstueck',
    agenda: 'Vorstellungsrunde, danach Empfehlungen',
    ...overrides,
  };
}

/**
 * Plans a breakfast as a host does and opens its page; returns its id and the guest link shown
 * once on the page.
 */
export async function planBreakfast(host: Browser, overrides: Record<string, string> = {}) {
  const created = await host.post('/breakfasts', breakfastForm(overrides));
  if (created.statusCode !== 303) throw new Error(`planning failed: ${created.statusCode}\n${created.body.slice(0, 500)}`);
  const location = String(created.headers.location);
  const id = /^\/breakfasts\/([0-9a-f-]{36})\?created=1$/.exec(location)?.[1];
  if (!id) throw new Error(`unexpected redirect ${location}`);
  const page = await host.get(location);
  const guestLink = /id="guest-link"[^>]*value="([^"]+)"/.exec(page.body)?.[1] ?? null;
  const guestToken = guestLink ? new URL(guestLink).pathname.split('/g/')[1]! : null;
  return { id, page, guestLink, guestToken };
}

export async function breakfastRow(database: Database, id: string) {
  const [row] = await database.query<{
    starts_at: string | Date;
    duration_minutes: number;
    video_url: string;
    agenda: string;
    cancelled_at: string | Date | null;
    guest_token_hash: string;
  }>('select starts_at, duration_minutes, video_url, agenda, cancelled_at, guest_token_hash from breakfasts where id = $1', [id]);
  return row;
}

/** A breakfast row straight into the database: the live room's tests need no scheduling form. */
export async function insertBreakfast(database: Database, groupId: string, createdBy: string, startsAt = new Date()): Promise<string> {
  const [row] = await database.query<{ id: string }>(
    'insert into breakfasts (group_id, starts_at, guest_token_hash, created_by) values ($1, $2, $3, $4) returning id',
    [groupId, startsAt.toISOString(), sha256Hex(randomToken(32)), createdBy],
  );
  return row!.id;
}

/** A registered guest and the token their `kreis_guest` cookie holds. */
export async function insertGuest(database: Database, breakfastId: string, name: string, trade = 'Catering') {
  const token = randomToken(32);
  const [row] = await database.query<{ id: string }>(
    'insert into breakfast_guests (breakfast_id, name, trade, access_token_hash) values ($1, $2, $3, $4) returning id',
    [breakfastId, name, trade, sha256Hex(token)],
  );
  return { id: row!.id, token, cookie: `kreis_guest=${token}` };
}

/** A pledge made in a breakfast's intro round, turned into the giver's referral draft as the round's end does. */
export async function pledgeDraft(db: Db, pledge: { groupId: string; breakfastId: string; giverId: string; receiverId: string; note: string }, now: Date) {
  const [draftId] = await db.transaction((tx) =>
    createDraftsFromPledges(
      tx,
      { groupId: pledge.groupId, breakfastId: pledge.breakfastId, pledges: [{ giverMemberId: pledge.giverId, receiverMemberId: pledge.receiverId, note: pledge.note }] },
      now,
    ),
  );
  return draftId!;
}
