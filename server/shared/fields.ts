/**
 * The zod fields every form and URL shares. Messages are locale keys (shared/forms.ts turns them
 * into the reader's language); limits are the ones the database and the pages were built for, so
 * a capability's schema composes these rather than spelling a field out again.
 */
import { z } from 'zod';

export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const SLUG_MAX = 80;

/** An e-mail address that must be given. */
export const emailAddress = z.string().trim().max(EMAIL_MAX).pipe(z.email({ error: 'forms.invalid_email' }));

/** An e-mail address that may be left empty: "" when it is. */
export const optionalEmail = z
  .string()
  .trim()
  .max(EMAIL_MAX)
  .pipe(z.union([z.literal(''), z.email({ error: 'forms.invalid_email' })]))
  .optional()
  .default('');

/** The one rule for a new password: set-up, invitations, password change and reset. */
export const newPassword = z.string().min(PASSWORD_MIN, { error: 'auth.errors.password_short' }).max(PASSWORD_MAX);

/** A password typed to prove who you are (login, current password): any non-empty one. */
export const typedPassword = z.string().min(1).max(PASSWORD_MAX);

/** A member's or group's address part, as in /m/:slug. */
export const slug = z.string().min(1).max(SLUG_MAX).regex(/^[a-z0-9-]+$/);

/** A database id in a path or a form: an RFC 4122 uuid. Anything else is a 400, never a database error. */
export const uuid = z.uuid();

/** Any 8-4-4-4-12 hex id (no version check); other strings never reach the database. */
export const guid = z.guid();

/** Trimmed text that must not be empty, up to `max` characters (the generic "required" message). */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** Trimmed text that must not be empty, saying "required" also when the field is missing altogether. */
export const requiredText = (max: number) => z.string({ error: 'forms.required' }).trim().min(1, { error: 'forms.required' }).max(max);

/** Trimmed text that may be left out: "" then. */
export const optionalText = (max: number) => z.string().trim().max(max).optional().default('');

/** Browsers send \r\n in textareas; counting it as one character matches what the member sees. */
export const normaliseLines = (value: string) => value.replace(/\r\n?/g, '\n').trim();
export const multiline = z.string().transform(normaliseLines);

/** A checkbox sends "on" when ticked and nothing otherwise. */
export const checkbox = z
  .literal('on')
  .optional()
  .transform((value) => value === 'on');
