import { z } from 'zod';

/** How quickly the receiver got in touch, as the client remembers it (feedback.contact_speed). */
export const CONTACT_SPEEDS = ['same_day', 'within_days', 'within_week', 'later'] as const;
export type ContactSpeed = (typeof CONTACT_SPEEDS)[number];

export const RATINGS = [1, 2, 3, 4, 5] as const;
export const COMMENT_MAX = 1000;

/**
 * A link token exactly as server/tokens.ts makes it: 32 characters of Lucia's alphabet. Anything
 * else is answered like an unknown link, before the database is asked.
 */
export const tokenParams = z.object({ token: z.string().regex(/^[a-km-np-z2-9]{32}$/) });

/** Browsers send an untouched text field as "" and an unchosen radio group not at all: both mean "no answer". */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const yesNo = (error: string) => z.enum(['yes', 'no'], { error });

/** Lets a cross-field check run although other answers are missing (the value is then partial). */
const evenWithOtherErrors = (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null;

/**
 * The client's form. Speed and rating are asked "if they got in touch"; without JavaScript all
 * questions are on the page at once, so they are required only when the answer is "yes" (and
 * ignored when it is "no"). The checks run even when other answers are missing, so the client sees
 * every message at once.
 */
export const feedbackFormSchema = z
  .object({
    contacted: yesNo('feedback.errors.contacted'),
    speed: z.preprocess(blankToUndefined, z.enum(CONTACT_SPEEDS, { error: 'feedback.errors.speed' }).optional()),
    rating: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'feedback.errors.rating' })
        .int({ error: 'feedback.errors.rating' })
        .min(1, { error: 'feedback.errors.rating' })
        .max(5, { error: 'feedback.errors.rating' })
        .optional(),
    ),
    recommend: yesNo('feedback.errors.recommend'),
    comment: z.preprocess(
      blankToUndefined,
      z.string({ error: 'feedback.errors.comment_long' }).trim().max(COMMENT_MAX, { error: 'feedback.errors.comment_long' }).optional(),
    ),
    consent: z.preprocess(blankToUndefined, z.literal('on', { error: 'forms.invalid' }).optional()),
  })
  .refine((form) => form.contacted !== 'yes' || form.speed !== undefined, {
    path: ['speed'],
    error: 'feedback.errors.speed',
    when: evenWithOtherErrors,
  })
  .refine((form) => form.contacted !== 'yes' || form.rating !== undefined, {
    path: ['rating'],
    error: 'feedback.errors.rating',
    when: evenWithOtherErrors,
  })
  .transform(
    (form): FeedbackAnswers => {
      const contacted = form.contacted === 'yes';
      const comment = form.comment ? form.comment : null;
      return {
        contacted,
        contactSpeed: contacted ? (form.speed ?? null) : null,
        rating: contacted ? (form.rating ?? null) : null,
        wouldRecommend: form.recommend === 'yes',
        comment,
        commentPublic: comment !== null && form.consent === 'on',
      };
    },
  );

/** The answers as they are stored: "not contacted" carries no speed and no rating. */
export type FeedbackAnswers = {
  contacted: boolean;
  contactSpeed: ContactSpeed | null;
  rating: number | null;
  wouldRecommend: boolean;
  comment: string | null;
  commentPublic: boolean;
};
