import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type AppError, errors, isAppError } from '../shared/errors.js';
import { DEFAULT_LOCALE, localeFromAcceptLanguage, translator } from '../shared/i18n.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The answer to a URL whose params fail the route's schema, given the names of the failing
     * params. Unset: the page does not exist (404), as for a well-formed id nobody has. It may
     * throw an AppError instead (a guard that must refuse the visitor first).
     */
    invalidParams?: (params: string[], request: FastifyRequest) => AppError;
  }
}

/**
 * Route config: a malformed id in the URL is "not found", with the route's own message — after
 * the route's guard, when it names one, so a visitor it refuses is refused as for any id.
 */
export const unknownAs = (messageKey: string, guard?: (request: FastifyRequest) => unknown) => ({
  invalidParams: (_params: string[], request: FastifyRequest) => {
    guard?.(request);
    return errors.notFound(messageKey);
  },
});

/**
 * A request that failed a route's schema (fastify-type-provider-zod): params that name nothing are
 * "not found"; any other part is a bad request. Zod's own English messages never reach the page.
 */
function schemaFailure(request: FastifyRequest, error: { validation: FastifySchemaValidationError[]; validationContext?: string }): AppError {
  if (error.validationContext !== 'params') return errors.badRequest();
  const params = error.validation.map((issue) => issue.instancePath.split('/')[1] ?? '');
  try {
    return request.routeOptions.config.invalidParams?.(params, request) ?? errors.notFound();
  } catch (refusal) {
    if (isAppError(refusal)) return refusal;
    throw refusal;
  }
}

function wantsJson(request: FastifyRequest) {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** Fastify's own 4xx errors (body too large, bad content type, …) mapped to a locale key. */
function keyForFrameworkError(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return 'errors.too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'errors.unsupported_media';
    default:
      return error.statusCode === 429 ? 'errors.too_many_requests' : 'errors.bad_request';
  }
}

/** The one error handler: user errors get a clear page in their language; 5xx never leak details. */
export default fp(async function errorsPlugin(app: FastifyInstance) {
  async function respond(request: FastifyRequest, reply: FastifyReply, status: number, key: string, params = {}) {
    // An error from before the language was chosen still gets a message.
    const message = (request.t ?? translator(DEFAULT_LOCALE))(key, params);
    // HEAD answers as GET does (a link checker must see the same way to the login page).
    if (status === 401 && (request.method === 'GET' || request.method === 'HEAD') && !wantsJson(request)) {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    if (wantsJson(request)) return reply.code(status).send({ error: { status, message } });
    return reply.page('error', { title: message, status, message }, status);
  }

  app.setErrorHandler(async (thrown: FastifyError, request, reply) => {
    const error = hasZodFastifySchemaValidationErrors(thrown) ? schemaFailure(request, thrown) : thrown;
    if (isAppError(error)) return respond(request, reply, error.statusCode, error.messageKey, error.params);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return respond(request, reply, status, keyForFrameworkError(error));
    }
    request.log.error({ err: error }, 'unhandled error');
    return respond(request, reply, 500, 'errors.internal');
  });

  app.setNotFoundHandler(async (request, reply) => respond(request, reply, 404, 'errors.not_found'));
});

/**
 * URLs Fastify refuses before routing (broken percent-encoding, a path segment longer than the
 * router allows) never reach hooks or reply decorators, so the page is rendered here directly:
 * a plain 404 or 400 in the browser's language instead of Fastify's JSON echo of the URL.
 */
export async function renderFrameworkError(app: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const locale = localeFromAcceptLanguage(request.headers['accept-language']) ?? DEFAULT_LOCALE;
  const [status, key] = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? [404, 'errors.not_found'] : [400, 'errors.bad_request'];
  const message = translator(locale)(key);
  const html = await app.view(
    'pages/error',
    { locale, otherLocale: locale === 'de' ? 'en' : 'de', title: message, status, message },
    { layout: 'layouts/main.hbs' },
  );
  return reply.code(status).headers(app.securityHeaders).type('text/html; charset=utf-8').send(html);
}
