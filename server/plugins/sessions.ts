import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Membership } from '../auth/queries.js';
import {
  createSession,
  dueForRenewal,
  invalidateSession,
  SESSION_COOKIE,
  type Session,
  type ValidSession,
  validateSessionToken,
} from '../auth/session.js';
import { createFreshCache } from '../cache/freshness.js';

export type Viewer = {
  accountId: string;
  name: string;
  email: string;
  /** The membership the pages act in: the first active one. */
  member: Membership | null;
  memberships: Membership[];
};

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
    viewer: Viewer | null;
    /** Unread notifications of the viewer, for the header badge; 0 for anonymous visitors. */
    unreadNotifications: number;
  }
  interface FastifyReply {
    /** Starts a fresh session (a new id, so a planted cookie is never promoted) and sets the cookie. */
    startSession(accountId: string): Promise<void>;
    endSession(): Promise<void>;
  }
}

export default fp(
  async function sessionsPlugin(app: FastifyInstance) {
    const { db, config, clock } = app;
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: config.secureCookies,
    };
    function setCookie(reply: FastifyReply, token: string, expiresAt: Date) {
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
    }

    app.decorateRequest('session', null);
    app.decorateRequest('viewer', null);
    app.decorateRequest('unreadNotifications', 0);

    app.decorateReply('startSession', async function (accountId: string) {
      const old = this.request.session;
      if (old) await invalidateSession(db, old.id);
      const { token, session } = await createSession(db, accountId, clock());
      setCookie(this, token, session.expiresAt);
      this.request.session = session;
    });
    app.decorateReply('endSession', async function () {
      if (this.request.session) await invalidateSession(db, this.request.session.id);
      this.request.session = null;
      this.request.viewer = null;
      this.clearCookie(SESSION_COOKIE, cookieOptions);
    });

    // Validated sessions with their viewer, reused until any shared data changes (freshness.ts):
    // a logout, a password change or a new notification anywhere drops them on every instance.
    // Only valid cookies are kept, so guessed tokens cannot fill the cache.
    // At most 2 s old even when notices are lost (a dropped LISTEN connection is only noticed
    // when it is back): a session ended elsewhere is refused here within that.
    const validated = createFreshCache<ValidSession>(app.freshness, { max: 10_000, maxAgeMs: 2_000 });

    async function validate(token: string, now: Date): Promise<ValidSession | null> {
      const cached = validated.peek(token);
      if (cached && cached.session.expiresAt > now && !dueForRenewal(cached.session, now)) return { ...cached, renewed: false };
      const generation = app.freshness.generation;
      const result = await validateSessionToken(db, token, now);
      if (result?.renewed) app.freshness.bump();
      else if (result) validated.set(token, generation, result);
      return result;
    }

    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token || request.url.startsWith('/public/') || request.url.startsWith('/assets/')) return;
      const result = await validate(token, clock());
      if (!result) {
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return;
      }
      if (result.renewed) setCookie(reply, token, result.session.expiresAt);
      const { account, memberships, unread } = result.viewer;
      request.session = result.session;
      request.unreadNotifications = unread;
      request.viewer = {
        accountId: account.id,
        name: account.name,
        email: account.email,
        member: memberships[0] ?? null,
        memberships,
      };
    });
  },
  { name: 'sessions', dependencies: ['@fastify/cookie', 'freshness'] },
);
