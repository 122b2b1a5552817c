/**
 * Errors a user can cause or meet, each with a stable code, an HTTP status and a locale key for
 * the message. The one error handler (plugins/errors.ts) renders them; anything else is a 500
 * whose message never leaves the server.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const errors = {
  badRequest: (messageKey = 'errors.bad_request', params?: Record<string, string | number>) =>
    new AppError('bad_request', 400, messageKey, params),
  unauthorized: () => new AppError('unauthorized', 401, 'errors.unauthorized'),
  forbidden: (messageKey = 'errors.forbidden') => new AppError('forbidden', 403, messageKey),
  notFound: (messageKey = 'errors.not_found') => new AppError('not_found', 404, messageKey),
  conflict: (messageKey: string, params?: Record<string, string | number>) =>
    new AppError('conflict', 409, messageKey, params),
  gone: (messageKey: string) => new AppError('gone', 410, messageKey),
  crossSite: () => new AppError('cross_site', 403, 'errors.cross_site'),
  tooManyRequests: () => new AppError('too_many_requests', 429, 'errors.too_many_requests'),
};

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
