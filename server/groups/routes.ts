import type { FastifyInstance } from 'fastify';
import { echoValues, parseForm } from '../shared/forms.js';
import { LOCALES } from '../shared/i18n.js';
import hostRoutes from './host-routes.js';
import { setupSchema } from './schemas.js';
import { needsSetup, setUpFirstGroup } from './service.js';
import settingsRoutes from './settings-routes.js';
import tradeRoutes from './trade-routes.js';

export default async function groupRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    if (await needsSetup(app.db)) return reply.redirect('/setup', 303);
    if (!request.viewer?.member) return reply.redirect('/login', 303);
    return reply.redirect('/roster', 303);
  });

  app.get('/setup', async (request, reply) => {
    if (!(await needsSetup(app.db))) return reply.redirect('/', 303);
    return reply.page('setup', { title: request.t('setup.title'), values: { locale: request.locale }, locales: LOCALES });
  });

  app.post('/setup', async (request, reply) => {
    if (!(await needsSetup(app.db))) return reply.redirect('/', 303);
    const form = parseForm(setupSchema, request.body, request.t);
    if (!form.ok) {
      return reply.page(
        'setup',
        { title: request.t('setup.title'), values: echoValues(request.body), errors: form.errors, locales: LOCALES },
        400,
      );
    }
    const { account } = await setUpFirstGroup(app.db, form.data);
    await reply.startSession(account.id);
    return reply.redirect('/profile/edit', 303);
  });

  await app.register(hostRoutes);
  await app.register(settingsRoutes);
  await app.register(tradeRoutes);
}
