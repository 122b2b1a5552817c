/**
 * The live room: its page, its socket and the round's summary. Members of the breakfast's group
 * and guests registered for it (cookie `kreis_guest`) may enter; everyone else meets "not found"
 * (or the login page when signed out).
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest, RawServerDefault, RouteGenericInterface } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { errors } from '../shared/errors.js';
import { LiveHub, type RoomClient } from './fanout.js';
import { GUEST_COOKIE } from '../breakfasts/guests.js';
import { livePage, maySeeSummary, roomPeople, scriptTexts, summaryPage } from './page.js';
import { liveFormMessage } from './form-actions.js';
import { type RoomAccess, RoundConflictError, enterRoom, roomAccess, runCommand } from './service.js';
import { byBreakfastId } from '../breakfasts/params.js';
import type { idParams } from '../breakfasts/schemas.js';
import { errorMessage, parseClientMessage } from './protocol.js';

/** A request to /breakfasts/:id/…, its id checked by the route schema. */
type BreakfastRequest = FastifyRequest<RouteGenericInterface, RawServerDefault, IncomingMessage, { params: typeof idParams }, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the live room's guard: the breakfast and who the visitor is in its room. */
    liveRoom: RoomAccess | null;
  }
}

/** Socket frames are small; the protocol refuses anything over 4 kB with an error message, this only stops floods. */
export const MAX_SOCKET_FRAME_BYTES = 64 * 1024;
/** Far more than a person clicks: past this, a socket's messages are dropped until the window ends. */
const MESSAGES_PER_WINDOW = 40;
const WINDOW_MS = 10_000;

export default async function liveRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const hub = new LiveHub(app.database, app.clock, app.log);
  app.addHook('onReady', () => hub.start());
  app.addHook('onClose', () => hub.stop());
  app.decorateRequest('liveRoom', null);

  /** Members of the group and the breakfast's guests pass; signed-out visitors are sent to log in. Runs after the id is checked. */
  async function guard(request: BreakfastRequest) {
    const access = await roomAccess(app.db, request.params.id, {
      memberships: request.viewer?.memberships ?? [],
      viewerName: request.viewer?.name ?? null,
      guestToken: request.cookies[GUEST_COOKIE],
    });
    if (!access) throw request.viewer ? errors.notFound('breakfasts.errors.not_found') : errors.unauthorized();
    request.liveRoom = access;
  }

  /**
   * Cross-site WebSocket hijacking: a browser sends the page's Origin with every upgrade, and
   * cookies ride along whatever the origin — so a socket opened from another site is refused.
   * Clients that are not browsers send no Origin (and carry no victim's cookies).
   */
  async function sameOrigin(request: FastifyRequest) {
    if (!request.ws) return;
    const origin = request.headers.origin;
    if (origin === undefined) return;
    // Compared with PUBLIC_URL only, never with the Host header (DNS rebinding; see plugins/csrf.ts).
    if (origin !== app.config.publicUrl.origin) throw errors.crossSite();
  }

  app.get('/breakfasts/:id/live', { ...byBreakfastId, preHandler: guard }, async (request, reply) => {
    const access = request.liveRoom!;
    // Opening the page is entering the room: without JavaScript no socket says so, and a round
    // started from the plain forms calls on those present.
    await enterRoom(app.db, access, app.clock());
    app.freshness.bump();
    const data = await livePage(app.db, access.breakfast, access.actor, hub.online(access.breakfast.id), app.clock());
    return reply.page('breakfast-live', {
      title: request.t('live.title'),
      breakfast: access.breakfast,
      timeZone: access.breakfast.timeZone,
      viewerId: access.actor.id,
      ...data,
      strings: scriptTexts(request.t),
      // After a form without JavaScript (POST below): what was noted.
      sent: { pledge: request.t('live.pledge.sent'), one_to_one: request.t('live.one_to_one.sent') }[String((request.query as { sent?: unknown }).sent)] ?? '',
      scripts: ['/public/js/live-room-page.js', '/public/js/live-room-render.js', '/public/js/live-round.js'],
      styles: ['/public/css/live.css'],
      noindex: true,
    });
  });

  /**
   * The room's buttons without JavaScript (form-actions.ts): the same use case as the socket's
   * messages. Irreversible commands answer with a confirmation page first; afterwards the room.
   */
  app.post('/breakfasts/:id/live', { ...byBreakfastId, preHandler: guard }, async (request, reply) => {
    const access = request.liveRoom!;
    const form = liveFormMessage(request.body);
    if (!form) throw errors.badRequest('live.form.bad_action');
    const room = `/breakfasts/${access.breakfast.id}/live`;
    if (form.needsConfirmation) {
      if (!access.actor.isHost) throw errors.forbidden('live.errors.not_host');
      const people = await roomPeople(app.db, access.breakfast, app.clock(), access.actor);
      const name = form.fields.attendeeId ? (people.get(form.fields.attendeeId)?.name ?? '') : '';
      return reply.page('breakfast-live-confirm', {
        title: request.t(`live.confirm.${form.action}.title`, { name }),
        breakfast: access.breakfast,
        action: form.action,
        name,
        fields: Object.entries(form.fields).map(([key, value]) => ({ key, value })),
        room,
        styles: ['/public/css/live.css'],
        noindex: true,
      });
    }
    const outcome = await oneAtATime(access.breakfast.id, () =>
      runCommand({ db: app.db, now: app.clock(), random: Math.random, known: () => hub.cachedRound(access.breakfast.id) }, access, form.message),
    );
    if (!outcome.ok) {
      if (outcome.error === 'not_host') throw errors.forbidden('live.errors.not_host');
      throw errors.conflict(`live.errors.${outcome.error}`);
    }
    if (outcome.state.status === 'ended') app.freshness.bump();
    await hub.roundChanged(access.breakfast.id, outcome.state);
    const sent = form.action === 'pledge' || form.action === 'one_to_one' ? `?sent=${form.action}` : '';
    return reply.redirect(`${room}${sent}`, 303);
  });

  app.get('/breakfasts/:id/summary', { ...byBreakfastId, preHandler: guard }, async (request, reply) => {
    const access = request.liveRoom!;
    if (!(await maySeeSummary(app.db, access.breakfast, access.actor))) throw errors.forbidden('live.summary.not_present');
    const data = await summaryPage(app.db, access.breakfast, access.actor, app.clock());
    return reply.page('breakfast-summary', { title: request.t('live.summary.title'), breakfast: access.breakfast, timeZone: access.breakfast.timeZone, ...data, noindex: true });
  });

  app.get('/breakfasts/:id/socket', { ...byBreakfastId, websocket: true, preValidation: sameOrigin, preHandler: guard }, (socket, request) => {
    const access = request.liveRoom!;
    const client: RoomClient = { socket, breakfastId: access.breakfast.id, actor: access.actor, alive: true };
    let queue = Promise.resolve();
    // One message at a time per socket, in the order sent; a failure answers this socket and goes on.
    const enqueue = (work: () => Promise<void>) => {
      queue = queue.then(work).catch(async (error: unknown) => {
        // Nothing was stored: the socket gets the round as it stands, and the sender may try again.
        if (!(error instanceof RoundConflictError)) request.log.error({ err: error }, 'live: message failed');
        await hub.sendState(client).catch(() => undefined);
      });
    };
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => hub.leave(client));
    // Real time, as for the HTTP rate limits: a moved app clock must not reopen the window.
    let windowStart = Date.now();
    let inWindow = 0;
    socket.on('message', (data, isBinary) => {
      client.alive = true;
      if (Date.now() - windowStart > WINDOW_MS) {
        windowStart = Date.now();
        inWindow = 0;
      }
      if (++inWindow > MESSAGES_PER_WINDOW) {
        if (inWindow === MESSAGES_PER_WINDOW + 1) request.log.warn({ attendeeId: access.actor.id }, 'live: message flood, dropping');
        return;
      }
      enqueue(() => handleFrame(access, client, isBinary ? null : data.toString()));
    });
    enqueue(async () => {
      await enterRoom(app.db, access, app.clock());
      // Attendance is on the dashboard; a socket's writes do not pass through onSend.
      app.freshness.bump();
      if (socket.readyState === socket.OPEN) await hub.join(client);
    });
  });

  /**
   * Commands for one round run one after another on this instance: they would only race for the
   * same log position otherwise. Across instances the unique (breakfast, seq) index decides.
   */
  const commandChains = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(roundId: string, work: () => Promise<T>): Promise<T> {
    const previous = commandChains.get(roundId) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(work);
    const settled = result.catch(() => undefined);
    commandChains.set(roundId, settled);
    void settled.then(() => {
      if (commandChains.get(roundId) === settled) commandChains.delete(roundId);
    });
    return result;
  }

  async function handleFrame(access: RoomAccess, client: RoomClient, raw: string | null) {
    const parsed = parseClientMessage(raw ?? '');
    if (!parsed.ok) return sendJson(client.socket, errorMessage(parsed.error.code, parsed.error.message));
    const { message } = parsed;
    if (message.type === 'sync') return hub.sendState(client);
    const outcome = await oneAtATime(access.breakfast.id, () =>
      runCommand(
        { db: app.db, now: app.clock(), random: Math.random, known: () => hub.cachedRound(access.breakfast.id) },
        access,
        message,
      ),
    );
    if (!outcome.ok) return sendJson(client.socket, errorMessage(outcome.error));
    // The round's end writes drafts and one-to-one requests that pages show.
    if (outcome.state.status === 'ended') app.freshness.bump();
    await hub.roundChanged(access.breakfast.id, outcome.state);
  }
}

function sendJson(socket: WebSocket, message: unknown) {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}
