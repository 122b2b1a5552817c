import type { FastifyInstance } from 'fastify';
import { requireMember } from '../auth/guards.js';
import { errors } from '../errors.js';
import { parseForm } from '../forms.js';
import { conflictMessages, editingMember, formValues, renderEditor } from './editor-page.js';
import invitationRoutes from './invitations/routes.js';
import photoRoutes from './photo-routes.js';
import { saveProfile } from './profile-editor.js';
import { profileSchema, savedQuery, slugParams } from './schemas.js';
import { trustSummary } from '../ledger/service.js';
import { groupRoster, visibleProfile } from './service.js';
import { profileViewer } from './viewer.js';

export default async function memberRoutes(app: FastifyInstance) {
  await app.register(photoRoutes);
  await app.register(invitationRoutes);

  app.get('/roster', async (request, reply) => {
    const member = requireMember(request);
    const roster = await groupRoster(app.db, member.group.id);
    return reply.page('roster', { title: request.t('members.roster.title'), roster });
  });

  app.get('/m/:slug', async (request, reply) => {
    const params = slugParams.safeParse(request.params);
    if (!params.success) throw errors.notFound('members.profile.not_found');
    // The trust summary links to the trust page, which only the member's group may read.
    const profile = await visibleProfile(app.db, params.data.slug, profileViewer(request), (memberId, access) =>
      access === 'group' ? trustSummary(app.db, memberId, app.clock()) : Promise.resolve(null),
    );
    const query = savedQuery.safeParse(request.query);
    return reply.page('profile', {
      title: profile.name,
      profile,
      trust: profile.extra,
      saved: profile.isOwn && query.success && query.data.saved === '1',
      noindex: profile.access !== 'public',
    });
  });

  app.get('/profile/edit', async (request, reply) => renderEditor(app, request, reply));

  app.post('/profile/edit', async (request, reply) => {
    const member = requireMember(request);
    const form = parseForm(profileSchema, request.body, request.t);
    if (!form.ok) return renderEditor(app, request, reply, { values: formValues(request.body), errors: form.errors }, 400);

    const result = await saveProfile(app.db, editingMember(member), form.data, app.clock());
    switch (result.status) {
      case 'saved':
        return reply.redirect(`/m/${member.slug}?saved=1`, 303);
      case 'invalid': {
        const fieldErrors = Object.fromEntries(Object.entries(result.errors).map(([field, key]) => [field, request.t(key)]));
        return renderEditor(app, request, reply, { values: formValues(request.body), errors: fieldErrors }, 400);
      }
      case 'conflict':
        return renderEditor(
          app,
          request,
          reply,
          { values: formValues(request.body), conflicts: conflictMessages(result, request.t, request.locale) },
          409,
        );
    }
  });
}
