import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireMember } from '../auth/guards.js';
import { allLimits } from '../auth/rate-limits.js';
import { echoValues, type FieldErrors, parseForm } from '../shared/forms.js';
import { exportFileName } from './export.js';
import { deleteAccountSchema } from './schemas.js';
import { deleteAccount, exportAccount } from './service.js';

/** The account page again, with the deletion form's messages (the page itself belongs to auth/account-routes.ts). */
function renderAccountWithDeletion(
  request: FastifyRequest,
  reply: FastifyReply,
  deletion: { errors?: FieldErrors; refusal?: string },
  status: number,
) {
  const viewer = request.viewer!;
  return reply.page(
    'account',
    {
      title: request.t('account.title'),
      account: { name: viewer.name, email: viewer.email },
      memberships: viewer.memberships,
      deleteErrors: deletion.errors,
      deleteRefusal: deletion.refusal,
      deleteValues: { confirmation: String(echoValues(request.body).confirmation ?? '').slice(0, 100) },
    },
    status,
  );
}

/** A member's own data: download it all, or delete the account. */
export default async function privacyRoutes(app: FastifyInstance) {
  // Like the password change: whoever holds an unlocked laptop must not guess the password quickly.
  const deleteLimits = allLimits(app, [
    { max: 10, timeWindow: '15 minutes', keyGenerator: (request) => `account-delete:${request.viewer?.accountId ?? request.ip}` },
  ]);

  app.get('/account/export', async (request, reply) => {
    requireMember(request);
    const now = app.clock();
    const data = await exportAccount(app.db, request.viewer!.accountId, now);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileName(now)}"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(data, null, 2));
  });

  app.post('/account/delete', { preHandler: deleteLimits }, async (request, reply) => {
    requireMember(request);
    const form = parseForm(deleteAccountSchema, request.body, request.t);
    if (!form.ok) return renderAccountWithDeletion(request, reply, { errors: form.errors }, 400);
    const outcome = await deleteAccount(app.db, request.viewer!.accountId, form.data, app.clock());
    if (!outcome.ok && outcome.reason === 'wrong_password') {
      return renderAccountWithDeletion(request, reply, { errors: { deletePassword: request.t('privacy.errors.password_wrong') } }, 400);
    }
    if (!outcome.ok) {
      const refusal = request.t('privacy.errors.last_host', { groups: outcome.groups.join(', ') });
      return renderAccountWithDeletion(request, reply, { refusal }, 409);
    }
    // The sessions are gone already; this clears the browser's cookie.
    await reply.endSession();
    request.unreadNotifications = 0;
    return reply.page('account-deleted', { title: request.t('privacy.deleted.title') });
  });
}
