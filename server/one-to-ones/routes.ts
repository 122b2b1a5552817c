import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { unknownAs } from '../plugins/errors.js';
import { requireMember } from '../auth/guards.js';
import { echoValues, type FieldErrors, parseForm, translatedErrors } from '../shared/forms.js';
import { askSchema, DURATION, idParams, listQuery, type Notice, logSchema, meetingSchema, metOnWindow, NOTE_MAX, noteSchema } from './schemas.js';
import {
  acceptByLogging,
  type Actor,
  answer,
  askForOneToOne,
  colleagues,
  logMeeting,
  oneToOneForParty,
  oneToOneList,
  saveOwnNote,
  todayIn,
} from './service.js';
import { groupedItems, oneToOneItem } from './view-models.js';

const STYLES = ['/public/css/one-to-ones.css'];

function actorOf(request: FastifyRequest): Actor {
  const member = requireMember(request);
  return { memberId: member.id, groupId: member.group.id };
}

/** Route options for /one-to-ones/:id/…: a malformed id is as unknown as a missing one-to-one. */
const byOneToOneId = { schema: { params: idParams }, config: unknownAs('one_to_ones.errors.not_found', requireMember) };

export default async function oneToOneRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  /** Today on the viewer's group's calendar: the bound of the date checks. */
  function today(request: FastifyRequest): string {
    return todayIn(app.clock(), requireMember(request).group.timeZone);
  }

  function limits(request: FastifyRequest) {
    return { ...metOnWindow(today(request)), durationMin: DURATION.min, durationMax: DURATION.max, noteMax: NOTE_MAX };
  }

  /** `done`: the notice after a redirect (the GET's query string). */
  type ListExtra = { values?: Record<string, unknown>; errors?: FieldErrors; askError?: string; done?: Notice };

  /** The one-to-ones page: what waits for me, what waits for others, the history, and the log form. */
  async function renderList(request: FastifyRequest, reply: FastifyReply, extra: ListExtra = {}, status = 200) {
    const actor = actorOf(request);
    const [list, people] = await Promise.all([oneToOneList(app.db, actor, app.clock()), colleagues(app.db, actor)]);
    if (list.markedRead > 0) app.freshness.bump();
    // The header's badge was counted before this page read the one-to-one notifications.
    request.unreadNotifications = Math.max(0, request.unreadNotifications - list.markedRead);
    const values = extra.values ?? { durationMinutes: '60' };
    return reply.page(
      'one-to-ones',
      {
        title: request.t('one_to_ones.title'),
        ...groupedItems(list.items.map((row) => oneToOneItem(row, request.locale))),
        colleagues: people.map((person) => ({ ...person, selected: person.id === values.partner })),
        values,
        errors: extra.errors,
        askError: extra.askError,
        done: extra.done,
        limits: limits(request),
        styles: STYLES,
        noindex: true,
      },
      status,
    );
  }

  type DetailExtra = { values?: Record<string, unknown>; errors?: FieldErrors; noteErrors?: FieldErrors; noteValue?: unknown; done?: Notice };

  async function renderDetail(request: FastifyRequest, reply: FastifyReply, id: string, extra: DetailExtra = {}, status = 200) {
    const actor = actorOf(request);
    const item = oneToOneItem(await oneToOneForParty(app.db, actor, id), request.locale);
    return reply.page(
      'one-to-one',
      {
        title: request.t('one_to_ones.detail.title', { name: item.other.name }),
        item,
        values: extra.values ?? { durationMinutes: '60' },
        errors: extra.errors,
        noteErrors: extra.noteErrors,
        noteValue: extra.noteValue ?? item.ownNote,
        done: extra.done,
        limits: limits(request),
        styles: STYLES,
        noindex: true,
      },
      status,
    );
  }

  app.get('/one-to-ones', { schema: { querystring: listQuery } }, async (request, reply) => renderList(request, reply, { done: request.query.done }));

  /** Log a meeting that happened (fills an open request between the two). */
  app.post('/one-to-ones', async (request, reply) => {
    const actor = actorOf(request);
    const values = echoValues(request.body);
    const form = parseForm(logSchema(today(request)), request.body, request.t);
    if (!form.ok) return renderList(request, reply, { values, errors: form.errors }, 400);
    const result = await logMeeting(app.db, actor, form.data, app.clock());
    if (result.status === 'invalid') return renderList(request, reply, { values, errors: translatedErrors(result.errors, request.t) }, 400);
    return reply.redirect('/one-to-ones?done=logged', 303);
  });

  /** "Eins-zu-eins anfragen" from a colleague's profile. */
  app.post('/one-to-ones/request', async (request, reply) => {
    const actor = actorOf(request);
    const form = parseForm(askSchema, request.body, request.t);
    if (!form.ok) return renderList(request, reply, { askError: form.errors.partner ?? request.t('forms.invalid') }, 400);
    const result = await askForOneToOne(app.db, actor, form.data.partner, app.clock());
    if (result.status === 'invalid') return renderList(request, reply, { askError: request.t(result.errors.partner!) }, 400);
    return reply.redirect(`/one-to-ones?done=${result.status}`, 303);
  });

  app.get('/one-to-ones/:id', { schema: { params: idParams, querystring: listQuery }, config: unknownAs('one_to_ones.errors.not_found') }, async (request, reply) =>
    renderDetail(request, reply, request.params.id, { done: request.query.done }),
  );

  /** The partner answers a request by logging the meeting. */
  app.post('/one-to-ones/:id/log', byOneToOneId, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = request.params;
    const form = parseForm(meetingSchema(today(request)), request.body, request.t);
    if (!form.ok) {
      // Checked first, so a stranger learns nothing from the form's messages.
      await oneToOneForParty(app.db, actor, id);
      return renderDetail(request, reply, id, { values: echoValues(request.body), errors: form.errors }, 400);
    }
    await acceptByLogging(app.db, actor, id, form.data, app.clock());
    return reply.redirect('/one-to-ones?done=accepted', 303);
  });

  const ANSWERS = { decline: 'declined', confirm: 'confirmed', dispute: 'disputed' } as const;
  for (const [action, notice] of Object.entries(ANSWERS) as [keyof typeof ANSWERS, string][]) {
    app.post(`/one-to-ones/:id/${action}`, byOneToOneId, async (request, reply) => {
      const actor = actorOf(request);
      await answer(app.db, actor, request.params.id, action, app.clock());
      return reply.redirect(`/one-to-ones?done=${notice}`, 303);
    });
  }

  /** Each side's own, private note. */
  app.post('/one-to-ones/:id/note', byOneToOneId, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = request.params;
    const form = parseForm(noteSchema, request.body, request.t);
    if (!form.ok) {
      await oneToOneForParty(app.db, actor, id);
      return renderDetail(request, reply, id, { noteErrors: form.errors, noteValue: echoValues(request.body).note }, 400);
    }
    await saveOwnNote(app.db, actor, id, form.data.note, app.clock());
    return reply.redirect(`/one-to-ones/${id}?done=noted`, 303);
  });
}
