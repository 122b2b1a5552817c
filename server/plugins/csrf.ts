import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../shared/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a browser request comes from one of our own pages. Only PUBLIC_URL says what "ours" is:
 * the Host header is chosen by whoever resolves the name (a DNS-rebinding page sends Host and
 * Origin of its own domain, and Sec-Fetch-Site same-origin), so it is never compared with.
 * With an Origin header (not "null"), it must be PUBLIC_URL's origin; without one, Sec-Fetch-Site
 * must say same-origin or none (typed into the address bar). A request with neither is refused.
 */
export function fromOurOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') return origin === publicOrigin;
  const site = request.headers['sec-fetch-site'];
  return site === 'same-origin' || site === 'none';
}

/** Every state-changing request must come from our own pages (see fromOurOrigin). */
export default fp(
  async function csrfPlugin(app: FastifyInstance) {
    const publicOrigin = app.config.publicUrl.origin;
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method)) return;
      if (fromOurOrigin(request, publicOrigin)) return;
      // An operator reaching Kreis under another address than PUBLIC_URL sees every form refused;
      // the log says why.
      request.log.info({ origin: request.headers.origin, publicUrl: publicOrigin }, 'refused a cross-site request (Origin is not PUBLIC_URL)');
      throw errors.crossSite();
    });
  },
  { name: 'csrf' },
);
