import { z } from 'zod';
import { phoneNumber } from '../schemas.js';
import { EMAIL_MAX, emailAddress as email, newPassword as password, text, uuid } from '../../shared/fields.js';

/** The host's "new invitation" form: the invitee's e-mail is optional. */
export const createInvitationSchema = z.object({
  email: z
    .string()
    .trim()
    .max(EMAIL_MAX)
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.email({ error: 'forms.invalid_email' }).optional()),
});

/** Invitation tokens are randomToken(32): 32 letters of Lucia's alphabet. Anything else is unknown without a lookup. */
export const tokenParams = z.object({ token: z.string().regex(/^[a-z0-9]{32}$/) });

export const invitationIdParams = z.object({ id: uuid });

/** After a revoke, or a member-list import, the list says so. */
export const hostListQuery = z
  .object({ revoked: z.literal('1').optional(), imported: z.string().regex(/^[0-9]{1,4}$/).transform(Number).optional() })
  .catch({});

const passwords = z.object({ password, passwordConfirm: z.string() });

export const redeemSchema = z
  .object({
    name: text(100),
    email,
    phone: phoneNumber,
    ...passwords.shape,
  })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ['passwordConfirm'],
    error: 'auth.errors.password_mismatch',
    // Also when another field failed, so a mismatch is reported in the same round.
    when: (payload) => passwords.safeParse(payload.value).success,
  });

export type RedeemInput = z.infer<typeof redeemSchema>;
