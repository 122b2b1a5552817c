import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../shared/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request must come from our own pages: the Origin header must be ours, or,
 * when a browser sends none (or "null"), Sec-Fetch-Site must say same-origin. A request with neither is
 * refused too — every browser we support sends at least one of them on a form post.
 */
export default fp(
  async function csrfPlugin(app: FastifyInstance) {
    const allowed = new Set([app.config.publicUrl.origin]);
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method)) return;
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== 'null') {
        const host = request.headers.host;
        const sameHost = host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
        if (allowed.has(origin) || sameHost) return;
        throw errors.crossSite();
      }
      const site = request.headers['sec-fetch-site'];
      if (site === 'same-origin' || site === 'none') return;
      throw errors.crossSite();
    });
  },
  { name: 'csrf' },
);
