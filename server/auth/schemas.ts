import { z } from 'zod';
import { EMAIL_MAX, emailAddress, newPassword, PASSWORD_MAX, typedPassword } from '../shared/fields.js';

export const loginSchema = z.object({
  email: z.string().trim().min(1).max(EMAIL_MAX),
  password: typedPassword,
  next: z.string().max(500).optional(),
});

/** Where to go after logging in (the 401 redirect sets it); a repeated or odd value is ignored. */
export const loginQuery = z.object({ next: z.string().optional().catch(undefined) });

/** The new password is typed twice; the second must match. */
const passwordsMatch = (v: { newPassword: string; newPasswordConfirm: string }) => v.newPassword === v.newPasswordConfirm;
const mismatch = { path: ['newPasswordConfirm'], error: 'auth.errors.password_mismatch' };
const newPasswordTwice = { newPassword, newPasswordConfirm: z.string().max(PASSWORD_MAX) };

export const resetPasswordSchema = z.object(newPasswordTwice).refine(passwordsMatch, mismatch);
export const changePasswordSchema = z
  .object({ currentPassword: typedPassword, ...newPasswordTwice })
  .refine(passwordsMatch, mismatch);
export const forgotPasswordSchema = z.object({ email: emailAddress });

/** Reset tokens are randomToken(32); anything else cannot be one and is answered as unknown. */
export const resetTokenParams = z.object({ token: z.string().regex(/^[a-z0-9]{32}$/) });

/** Only a path on this site may be a redirect target after login. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
