/**
 * Response deadlines count working days (Monday to Friday) on the group's wall clock, Europe/Berlin.
 *
 * The model: only weekday time runs. A referral given on Friday at 10:00 with two working days is
 * due on Tuesday at 10:00 (Friday 10:00 → Monday 10:00 is one working day, → Tuesday 10:00 the
 * second). One given at the weekend starts counting on Monday at 00:00, so it is due at the end of
 * Tuesday. Public holidays are not known and count as working days.
 */
export const DEADLINE_TIME_ZONE = 'Europe/Berlin';

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of an instant in a time zone. */
function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    ms: instant.getUTCMilliseconds(),
  };
}

function asUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
}

/**
 * The instant at which a time zone's clock shows `w`. Two rounds of offset correction settle it
 * everywhere; a wall time skipped by a clock change lands just after the change.
 */
function fromWallClock(w: WallClock, timeZone: string): Date {
  const target = asUtc(w);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const offset = asUtc(wallClock(new Date(guess), timeZone)) - guess;
    guess = target - offset;
  }
  return new Date(guess);
}

/** 0 = Sunday … 6 = Saturday, for a calendar date (no time zone involved). */
function weekday(w: WallClock): number {
  return new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
}

function isWeekend(w: WallClock): boolean {
  const d = weekday(w);
  return d === 0 || d === 6;
}

/** The same wall time `n` calendar days later (Date.UTC normalises month and year overflow). */
function plusDays(w: WallClock, n: number): WallClock {
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day + n));
  return { ...w, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** `start` plus `days` working days, as described above. `days` must be a whole number ≥ 0. */
export function addWorkingDays(start: Date, days: number, timeZone: string = DEADLINE_TIME_ZONE): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${days}`);
  let w = wallClock(start, timeZone);
  if (isWeekend(w)) {
    // Weekend time does not run: the clock starts on Monday at midnight.
    while (isWeekend(w)) w = plusDays(w, 1);
    w = { ...w, hour: 0, minute: 0, second: 0, ms: 0 };
  }
  for (let left = days; left > 0; ) {
    w = plusDays(w, 1);
    if (!isWeekend(w)) left--;
  }
  return fromWallClock(w, timeZone);
}
