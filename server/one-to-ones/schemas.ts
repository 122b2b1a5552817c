import { z } from 'zod';
import { parseCalendarDate } from '../shared/time.js';
import { guid, normaliseLines } from '../shared/fields.js';

/** Form fields and URL parameters of the one-to-ones pages. Messages are locale keys (see server/forms.ts). */

export const DURATION = { min: 15, max: 480 } as const;
export const NOTE_MAX = 2000;

export const idParams = z.object({ id: guid });

/** One-time notices on /one-to-ones after a redirect. */
export const NOTICES = ['asked', 'already', 'logged', 'accepted', 'declined', 'confirmed', 'disputed', 'noted'] as const;
export type Notice = (typeof NOTICES)[number];
export const listQuery = z.object({ done: z.enum(NOTICES).optional() }).catch({});

/** "2026-02-29" exists, "2026-02-30" does not. */
const isCalendarDate = (value: string) => parseCalendarDate(value) !== null;

/**
 * The dates a meeting may be logged for, as ISO dates: from the same day a year ago (29 February →
 * 28 February) up to today. ISO dates compare correctly as strings.
 */
export function metOnWindow(today: string): { earliest: string; latest: string } {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const lastYear = new Date(Date.UTC(year - 1, month - 1, day));
  // Date.UTC rolls 29 Feb of a non-leap year over to 1 March; a year back is the 28th then.
  if (lastYear.getUTCMonth() !== month - 1) lastYear.setUTCDate(0);
  return { earliest: lastYear.toISOString().slice(0, 10), latest: today };
}

/** Browsers send \r\n in textareas; counting it as one character matches what the member sees. */
const note = z
  .string()
  .optional()
  .default('')
  .transform(normaliseLines)
  .pipe(z.string().max(NOTE_MAX, { error: 'one_to_ones.errors.note_too_long' }));

/** The meeting itself: when and how long, plus the logger's own note. `today` is the group's date. */
function meetingFields(today: string) {
  const { earliest, latest } = metOnWindow(today);
  return {
    metOn: z
      .string({ error: 'one_to_ones.errors.date_required' })
      .trim()
      .min(1, { error: 'one_to_ones.errors.date_required' })
      .refine(isCalendarDate, { error: 'one_to_ones.errors.date_invalid' })
      .refine((value) => value <= latest, { error: 'one_to_ones.errors.date_future' })
      .refine((value) => value >= earliest, { error: 'one_to_ones.errors.date_too_old' }),
    durationMinutes: z
      .string({ error: 'one_to_ones.errors.duration_required' })
      .trim()
      .min(1, { error: 'one_to_ones.errors.duration_required' })
      .regex(/^\d{1,4}$/, { error: 'one_to_ones.errors.duration_range' })
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(DURATION.min, { error: 'one_to_ones.errors.duration_range' })
          .max(DURATION.max, { error: 'one_to_ones.errors.duration_range' }),
      ),
    note,
  };
}

/** Answering a request by logging the meeting: the partner is already known. */
export function meetingSchema(today: string) {
  return z.object(meetingFields(today));
}

/** Logging a meeting from the form: with whom, too. */
export function logSchema(today: string) {
  return z.object({ partner: z.guid({ error: 'one_to_ones.errors.partner_required' }), ...meetingFields(today) });
}

export type MeetingInput = z.infer<ReturnType<typeof meetingSchema>>;
export type LogInput = z.infer<ReturnType<typeof logSchema>>;

/** "Eins-zu-eins anfragen" on a profile. */
export const askSchema = z.object({ partner: z.guid({ error: 'one_to_ones.errors.partner_required' }) });

export const noteSchema = z.object({ note });
