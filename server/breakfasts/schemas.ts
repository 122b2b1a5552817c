import { z } from 'zod';
import { guid, multiline, optionalEmail, requiredText } from '../shared/fields.js';
import { DEFAULT_TIME_ZONE, localToUtc, parseCalendarDate } from '../shared/time.js';

/** Form fields and URL parameters of the breakfast pages. Messages are locale keys (see server/forms.ts). */

export const DURATION = { min: 15, max: 240 } as const;
export const AGENDA_MAX = 2000;
export const VIDEO_URL_MAX = 500;
export const GUEST_NAME_MAX = 120;
export const GUEST_TRADE_MAX = 100;
export const GUEST_WARUM_MAX = 500;
export const RSVP_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** Browsers send \r\n in textareas; counting it as one character matches what the member sees. */

/** The normalised form of an https link to a named host, or null (http, javascript:, spaces, no dot in the host …). */
function httpsUrl(value: string): string | null {
  if (/\s/.test(value)) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname) ? url.href : null;
  } catch {
    return null;
  }
}

export const idParams = z.object({ id: guid });
export const draftParams = z.object({ id: guid });
/** Guest links are randomToken(32): 32 characters of Lucia's alphabet. */
export const tokenParams = z.object({ token: z.string().regex(/^[a-z2-9]{32}$/) });

/** One-time notices on the breakfast page after a redirect. */
export const detailQuery = z
  .object({
    created: z.literal('1').optional(),
    renewed: z.literal('1').optional(),
    saved: z.literal('1').optional(),
    answered: z.literal('1').optional(),
    cancelled: z.literal('1').optional(),
  })
  .catch({});

export const attendanceQuery = z.object({ saved: z.literal('1').optional() }).catch({});

/** The breakfast form of a group: date and time are read on the group's wall clock. */
export function breakfastFormSchemaIn(timeZone: string) {
  return z
    .object({
      date: z
        .string({ error: 'forms.required' })
        .trim()
        .refine((date) => parseCalendarDate(date) !== null, { error: 'breakfasts.errors.date' }),
      // Some browsers add seconds ("07:30:00"); the breakfast starts on the minute.
      time: z
        .string({ error: 'forms.required' })
        .trim()
        .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, { error: 'breakfasts.errors.time' })
        .transform((time) => time.slice(0, 5)),
      durationMinutes: z
        .string({ error: 'forms.required' })
        .trim()
        .regex(/^\d{1,4}$/, { error: 'breakfasts.errors.duration' })
        .transform(Number)
        .pipe(z.int().min(DURATION.min, { error: 'breakfasts.errors.duration' }).max(DURATION.max, { error: 'breakfasts.errors.duration' })),
      videoUrl: z
        .string()
        .trim()
        .max(VIDEO_URL_MAX)
        .refine((value) => value === '' || httpsUrl(value) !== null, { error: 'breakfasts.errors.video_url' })
        .transform((value) => (value === '' ? '' : httpsUrl(value)!))
        .optional()
        .default(''),
      agenda: multiline.pipe(z.string().max(AGENDA_MAX)).optional().default(''),
    })
    .transform((form, ctx) => {
      const startsAt = localToUtc(form.date, form.time, timeZone);
      if (!startsAt) {
        ctx.issues.push({ code: 'custom', path: ['date'], message: 'breakfasts.errors.date', input: form.date });
        return z.NEVER;
      }
      return { startsAt, durationMinutes: form.durationMinutes, videoUrl: form.videoUrl, agenda: form.agenda };
    });
}

/** The form of a group on the default time zone. */
export const breakfastFormSchema = breakfastFormSchemaIn(DEFAULT_TIME_ZONE);

export type BreakfastInput = z.infer<typeof breakfastFormSchema>;

export const rsvpSchema = z.object({
  answer: z.enum(RSVP_ANSWERS, { error: 'breakfasts.errors.answer' }),
});

export const guestFormSchema = z.object({
  name: requiredText(GUEST_NAME_MAX),
  trade: requiredText(GUEST_TRADE_MAX),
  email: optionalEmail,
  warum: multiline.pipe(z.string().max(GUEST_WARUM_MAX)).optional().default(''),
});

export type GuestInput = z.infer<typeof guestFormSchema>;

/** The attendance form: the ids of everyone ticked present (one value, several, or none). */
export const attendanceSchema = z.object({
  present: z
    .union([guid, z.array(guid).max(1000)], { error: 'breakfasts.errors.attendance' })
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
});
