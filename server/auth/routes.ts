import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { echoValues, parseForm } from '../shared/forms.js';
import accountRoutes from './account-routes.js';
import { allLimits, byAddress, byTypedEmail } from './rate-limits.js';
import resetRoutes from './reset-routes.js';
import { loginQuery, loginSchema, safeNext } from './schemas.js';
import { checkCredentials } from './service.js';

export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Per address and per account: guessing passwords for one account from many addresses is slowed too.
  const loginLimits = allLimits(app, [
    { max: 20, timeWindow: '15 minutes', keyGenerator: byAddress('login') },
    { max: 10, timeWindow: '15 minutes', keyGenerator: byTypedEmail('login') },
  ]);

  app.get('/login', { schema: { querystring: loginQuery } }, async (request, reply) => {
    const { next } = request.query;
    if (request.viewer?.member) return reply.redirect(safeNext(next), 303);
    return reply.page('login', { title: request.t('auth.login.title'), values: { next } });
  });

  app.post('/login', { preHandler: loginLimits }, async (request, reply) => {
    const form = parseForm(loginSchema, request.body, request.t);
    const account = form.ok ? await checkCredentials(app.db, form.data.email, form.data.password) : null;
    if (!form.ok || !account) {
      return reply.page(
        'login',
        {
          title: request.t('auth.login.title'),
          values: echoValues(request.body),
          errors: form.ok ? { _form: request.t('auth.errors.invalid_credentials') } : form.errors,
        },
        400,
      );
    }
    await reply.startSession(account.id);
    return reply.redirect(safeNext(form.data.next), 303);
  });

  app.post('/logout', async (_request, reply) => {
    await reply.endSession();
    return reply.redirect('/login', 303);
  });

  await app.register(accountRoutes);
  await app.register(resetRoutes);
}
