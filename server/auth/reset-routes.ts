import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { echoValues, parseForm } from '../shared/forms.js';
import { mailConfigured } from '../mail/service.js';
import { inspectResetLink, requestPasswordReset, resetPassword } from './password-reset.js';
import { allLimits, byAddress, byTypedEmail } from './rate-limits.js';
import { forgotPasswordSchema, resetPasswordSchema, resetTokenParams } from './schemas.js';

const STATUS_FOR_BAD_LINK = { unknown: 404, expired: 410, used: 410 } as const;
type BadLink = keyof typeof STATUS_FOR_BAD_LINK;

function renderBadLink(request: FastifyRequest, reply: FastifyReply, state: BadLink) {
  const mailed = mailConfigured(request.server.config);
  return reply.page(
    'password-reset-invalid',
    { title: request.t(`auth.reset.invalid.${state}`), state, mailConfigured: mailed, noindex: true },
    STATUS_FOR_BAD_LINK[state],
  );
}

/**
 * The token in the path. One that cannot be a reset token at all is answered by the route as an
 * unknown link (its own page, not the error page): attachValidation hands the failure to it.
 */
const byToken = { schema: { params: resetTokenParams }, attachValidation: true };

/** "Forgot password" and the reset link it mails (or a host hands over). */
export default async function resetRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Per e-mail address too, so nobody can flood one person's inbox from many addresses.
  const forgotLimits = allLimits(app, [
    { max: 10, timeWindow: '15 minutes', keyGenerator: byAddress('forgot') },
    { max: 5, timeWindow: '1 hour', keyGenerator: byTypedEmail('forgot') },
  ]);
  const resetLimits = allLimits(app, [{ max: 10, timeWindow: '15 minutes', keyGenerator: byAddress('reset') }]);
  // Opening a link answers 200 or 404: unlimited, that would be an oracle for guessing tokens.
  const resetViewLimits = allLimits(app, [{ max: 30, timeWindow: '15 minutes', keyGenerator: byAddress('reset-view') }]);

  function renderForgot(request: FastifyRequest, reply: FastifyReply, data: Record<string, unknown> = {}, status = 200) {
    const mailed = mailConfigured(app.config);
    return reply.page('password-forgot', { title: request.t('auth.forgot.title'), mailConfigured: mailed, ...data }, status);
  }

  app.get('/password/forgot', async (request, reply) => renderForgot(request, reply));

  app.post('/password/forgot', { preHandler: forgotLimits }, async (request, reply) => {
    if (!mailConfigured(app.config)) return renderForgot(request, reply);
    const form = parseForm(forgotPasswordSchema, request.body, request.t);
    if (!form.ok) return renderForgot(request, reply, { errors: form.errors, values: echoValues(request.body) }, 400);
    await requestPasswordReset(app.db, form.data.email, { publicUrl: app.config.publicUrl, now: app.clock() });
    // The same answer whether or not the address has an account.
    return renderForgot(request, reply, { requested: true, email: form.data.email });
  });

  app.get('/password/reset/:token', { ...byToken, preHandler: resetViewLimits }, async (request, reply) => {
    if (request.validationError) return renderBadLink(request, reply, 'unknown');
    const { token } = request.params;
    const link = await inspectResetLink(app.db, token, app.clock());
    if (link.state !== 'valid') return renderBadLink(request, reply, link.state);
    request.useGroupLocale(link.locale);
    return reply.page('password-reset', { title: request.t('auth.reset.title'), token, noindex: true });
  });

  app.post('/password/reset/:token', { ...byToken, preHandler: resetLimits }, async (request, reply) => {
    if (request.validationError) return renderBadLink(request, reply, 'unknown');
    const { token } = request.params;
    const form = parseForm(resetPasswordSchema, request.body, request.t);
    if (!form.ok) {
      const link = await inspectResetLink(app.db, token, app.clock());
      if (link.state !== 'valid') return renderBadLink(request, reply, link.state);
      const data = { title: request.t('auth.reset.title'), token, errors: form.errors, values: echoValues(request.body), noindex: true };
      return reply.page('password-reset', data, 400);
    }
    const result = await resetPassword(app.db, token, form.data.newPassword, app.clock());
    if (!result.ok) return renderBadLink(request, reply, result.state);
    await reply.startSession(result.accountId);
    return reply.redirect('/account?saved=password', 303);
  });
}
