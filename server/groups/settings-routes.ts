import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireHost } from '../auth/guards.js';
import { echoValues, type FieldErrors, parseForm } from '../shared/forms.js';
import { LOCALES } from '../shared/i18n.js';
import { groupSettings, updateGroupSettings } from './host-service.js';
import { settingsSchema } from './schemas.js';

const settingsQuery = z.object({ saved: z.literal('1').optional() }).catch({});

function renderSettings(request: FastifyRequest, reply: FastifyReply, values: unknown, form: { errors?: FieldErrors; saved?: boolean } = {}, status = 200) {
  const { errors, saved = false } = form;
  return reply.page('host-settings', { title: request.t('host.settings.title'), values, errors, saved, locales: LOCALES }, status);
}

/** The group's settings: name, city, language, intro length, response deadline, trade policy. */
export default async function settingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/host/settings', { schema: { querystring: settingsQuery } }, async (request, reply) => {
    const host = requireHost(request);
    return renderSettings(request, reply, await groupSettings(app.db, host.group.id), { saved: request.query.saved === '1' });
  });

  app.post('/host/settings', async (request, reply) => {
    const host = requireHost(request);
    const form = parseForm(settingsSchema, request.body, request.t);
    if (!form.ok) return renderSettings(request, reply, echoValues(request.body), { errors: form.errors }, 400);
    await updateGroupSettings(app.db, host.group.id, form.data, app.clock());
    return reply.redirect('/host/settings?saved=1', 303);
  });
}
