import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireMember } from '../auth/guards.js';
import { unknownAs } from '../plugins/errors.js';
import { parseForm } from '../shared/forms.js';
import { conflictMessages, editingMember, formValues, renderEditor } from './editor-page.js';
import memberImportRoutes from './import/routes.js';
import invitationRoutes from './invitations/routes.js';
import photoRoutes from './photo-routes.js';
import { saveProfile } from './profile-editor.js';
import { rosterPageUrl } from './roster-paging.js';
import { profileSchema, rosterQuery, savedQuery, slugParams } from './schemas.js';
import { trustSummary } from '../trust/service.js';
import { oneToOnesOnProfile } from '../one-to-ones/profile.js';
import { groupRoster, visibleProfile } from './service.js';
import { profileViewer } from './viewer.js';
import { createPageCache } from '../plugins/page-cache.js';
import { createFreshCache } from '../cache/freshness.js';

export default async function memberRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  await app.register(photoRoutes);
  await app.register(invitationRoutes);
  await app.register(memberImportRoutes);

  const profilePages = createPageCache(app);
  const rosterPages = createPageCache(app);
  /**
   * The roster's read model: one page of a group's members, shared by every viewer of the group
   * until shared data changes (cache/freshness.ts: every write, on any instance, announces itself).
   */
  const rosterModels = createFreshCache<Awaited<ReturnType<typeof groupRoster>>>(app.freshness, { max: 1_000 });

  app.get('/roster', { schema: { querystring: rosterQuery }, attachValidation: true }, async (request, reply) => {
    const member = requireMember(request);
    // Not a page number (0, -1, "abc"): the first page; past the end (members left): the last one.
    if (request.validationError) return reply.redirect(rosterPageUrl(1), 303);
    const page = request.query.page ?? 1;
    const groupId = member.group.id;
    const roster = await rosterModels.get(`${groupId}:${page}`, () => groupRoster(app.db, groupId, page), request.dataGeneration);
    if (roster.status === 'beyond') return reply.redirect(rosterPageUrl(roster.lastPage), 303);
    // Rendered once per viewer (the host sees an "invite" button) and kept like the profile.
    return rosterPages.send(request, reply, ['roster', groupId, String(page)], async () => {
      const isHost = member.role === 'host';
      const html = await app.view('pages/roster', { locale: request.locale, roster, isHost });
      return { title: request.t('members.roster.title'), html, noindex: false, styles: ['/public/css/roster.css'] };
    });
  });


  /** A member's profile, rendered once per viewer and state of the data (plugins/page-cache.ts). */
  const profileUrl = { schema: { params: slugParams, querystring: savedQuery }, config: unknownAs('members.profile.not_found') };
  app.get('/m/:slug', profileUrl, async (request, reply) => {
    const { slug } = request.params;
    const saved = request.query.saved === '1';
    return profilePages.send(request, reply, [slug, saved ? 'saved' : ''], async () => {
      // The trust summary links to the trust page and "kennen sich" names colleagues: only for the member's group.
      const profile = await visibleProfile(app.db, slug, profileViewer(request), (memberId, access) =>
        access === 'group'
          ? Promise.all([
              trustSummary(app.db, memberId, app.clock()),
              oneToOnesOnProfile(app.db, memberId, request.viewer?.accountId ?? null, request.locale, app.clock()),
            ])
          : Promise.resolve(null),
      );
      const html = await app.view('pages/profile', {
        locale: request.locale,
        profile,
        trust: profile.extra?.[0],
        oneToOnes: profile.extra?.[1],
        saved: profile.isOwn && saved,
      });
      return { title: profile.name, html, noindex: profile.access !== 'public' };
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
