/**
 * Response deadlines count working days (Monday to Friday) on the group's wall clock (its time zone).
 *
 * The model: only weekday time runs. A referral given on Friday at 10:00 with two working days is
 * due on Tuesday at 10:00 (Friday 10:00 → Monday 10:00 is one working day, → Tuesday 10:00 the
 * second). One given at the weekend starts counting on Monday at 00:00, so it is due at the end of
 * Tuesday. Public holidays are not known and count as working days.
 */
import { DEFAULT_TIME_ZONE, fromWallClock, plusCalendarDays, type WallClock, wallClock, weekdayOf } from '../shared/time.js';

function isWeekend(w: WallClock): boolean {
  const d = weekdayOf(w);
  return d === 0 || d === 6;
}

/** `start` plus `days` working days, as described above. `days` must be a whole number ≥ 0. */
export function addWorkingDays(start: Date, days: number, timeZone: string = DEFAULT_TIME_ZONE): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${days}`);
  let w: WallClock = wallClock(start, timeZone);
  if (isWeekend(w)) {
    // Weekend time does not run: the clock starts on Monday at midnight.
    while (isWeekend(w)) w = plusCalendarDays(w, 1);
    w = { ...w, hour: 0, minute: 0, second: 0, ms: 0 };
  }
  for (let left = days; left > 0; ) {
    w = plusCalendarDays(w, 1);
    if (!isWeekend(w)) left--;
  }
  return fromWallClock(w, timeZone);
}
