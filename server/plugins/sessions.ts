import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Membership } from '../auth/queries.js';
import {
  createSession,
  invalidateSession,
  SESSION_COOKIE,
  type Session,
  validateSessionToken,
} from '../auth/session.js';

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

    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token || request.url.startsWith('/public/')) return;
      const result = await validateSessionToken(db, token, clock());
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
  { name: 'sessions', dependencies: ['@fastify/cookie'] },
);
