import type { Database } from '../../db/client.js';
import type { Browser } from './app.js';

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
