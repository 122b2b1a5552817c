/**
 * Breakfast times are entered and shown as Berlin wall-clock time and stored as UTC instants.
 * Pure: Intl does the time-zone arithmetic, so summer and winter time need no table of ours.
 */
export const BREAKFAST_TIME_ZONE = 'Europe/Berlin';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: BREAKFAST_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallClock(instant: Date) {
  const parts = Object.fromEntries(partsFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Milliseconds Berlin is ahead of UTC at `instant` (+1 h in winter, +2 h in summer). */
function offsetAt(instant: Date): number {
  const w = wallClock(instant);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * "2026-12-03" + "07:30" in Berlin → the UTC instant. A time skipped by the spring change
 * (02:30 on the last Sunday of March) resolves to the instant one hour later, as clocks do.
 * Returns null for a date or time that does not exist on any calendar.
 */
export function berlinToUtc(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return null;
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // The offset at the guess is right except within hours of a change; a second pass settles it.
  const first = naive - offsetAt(new Date(naive));
  return new Date(naive - offsetAt(new Date(first)));
}

/** The Berlin date ("2026-12-03") and time ("07:30") of an instant: what the edit form shows. */
export function utcToBerlin(instant: Date): { date: string; time: string } {
  const w = wallClock(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}
