import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type FieldErrors, parseForm } from '../shared/forms.js';
import { requireMember } from './guards.js';
import { allLimits } from './rate-limits.js';
import { changePasswordSchema } from './schemas.js';
import { changePassword } from './service.js';

const accountQuery = z.object({ saved: z.literal('password').optional() }).catch({});

function renderAccount(request: FastifyRequest, reply: FastifyReply, extra: { errors?: FieldErrors; saved?: boolean } = {}, status = 200) {
  const viewer = request.viewer!;
  return reply.page(
    'account',
    {
      title: request.t('account.title'),
      account: { name: viewer.name, email: viewer.email },
      memberships: viewer.memberships,
      saved: false,
      ...extra,
    },
    status,
  );
}

/** The viewer's own account: who they are, and a new password. */
export default async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Someone holding an unlocked laptop must not be able to guess the current password quickly.
  const changeLimits = allLimits(app, [
    { max: 10, timeWindow: '15 minutes', keyGenerator: (request) => `password-change:${request.viewer?.accountId ?? request.ip}` },
  ]);

  app.get('/account', { schema: { querystring: accountQuery } }, async (request, reply) => {
    requireMember(request);
    return renderAccount(request, reply, { saved: request.query.saved === 'password' });
  });

  app.post('/account/password', { preHandler: changeLimits }, async (request, reply) => {
    requireMember(request);
    const accountId = request.viewer!.accountId;
    const form = parseForm(changePasswordSchema, request.body, request.t);
    if (!form.ok) return renderAccount(request, reply, { errors: form.errors }, 400);
    const changed = await changePassword(app.db, accountId, form.data, app.clock());
    if (!changed) {
      const errors = { currentPassword: request.t('account.errors.current_password_wrong') };
      return renderAccount(request, reply, { errors }, 400);
    }
    // Every session of the account has just ended; this browser continues in a fresh one.
    await reply.startSession(accountId);
    return reply.redirect('/account?saved=password', 303);
  });
}
