import { z } from 'zod';

/** The one password rule, for set-up, invitations, password change and reset. */
export const newPassword = z.string().min(10, { error: 'auth.errors.password_short' }).max(200);
export const emailAddress = z.string().trim().max(254).pipe(z.email({ error: 'forms.invalid_email' }));

export const loginSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

/** Where to go after logging in (the 401 redirect sets it); a repeated or odd value is ignored. */
export const loginQuery = z.object({ next: z.string().optional().catch(undefined) });

/** The new password is typed twice; the second must match. */
const passwordsMatch = (v: { newPassword: string; newPasswordConfirm: string }) => v.newPassword === v.newPasswordConfirm;
const mismatch = { path: ['newPasswordConfirm'], error: 'auth.errors.password_mismatch' };
const newPasswordTwice = { newPassword, newPasswordConfirm: z.string().max(200) };

export const resetPasswordSchema = z.object(newPasswordTwice).refine(passwordsMatch, mismatch);
export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(200), ...newPasswordTwice })
  .refine(passwordsMatch, mismatch);
export const forgotPasswordSchema = z.object({ email: emailAddress });

/** Reset tokens are randomToken(32); anything else cannot be one and is answered as unknown. */
export const resetTokenParams = z.object({ token: z.string().regex(/^[a-z0-9]{32}$/) });

/** Only a path on this site may be a redirect target after login. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
