import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers (CSP without inline scripts, HSTS under https, …), computed ONCE.
 * @fastify/helmet builds a new helmet middleware on every request, which re-parses the CSP each
 * time; our headers are the same for every response, so we ask helmet once and replay them.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  helmet(options)({} as IncomingMessage, response, () => {});
  return headers;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The headers every response carries; requests Fastify refuses before routing skip the hooks and get them from here. */
    securityHeaders: Record<string, string>;
  }
}

export default fp(
  async function securityHeaders(app: FastifyInstance, options: { https: boolean }) {
    const headers = helmetHeaders({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': options.https ? [] : null,
        },
      },
      strictTransportSecurity: options.https,
      // With helmet's default no-referrer, Chromium sends `Origin: null` on form posts, which the
      // CSRF check could not tell from a sandboxed cross-site frame.
      referrerPolicy: { policy: 'same-origin' },
    });
    app.decorate('securityHeaders', headers);
    app.addHook('onRequest', async (_request, reply) => {
      reply.headers(headers);
    });
  },
  { name: 'security-headers' },
);
