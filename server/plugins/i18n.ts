import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_LOCALE, isLocale, type Locale, localeFromAcceptLanguage, type Translate, translator } from '../shared/i18n.js';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    /** Makes a page speak a given group's language (e.g. a client's feedback page), unless the visitor chose one. */
    useGroupLocale(locale: Locale): void;
  }
}

const LANG_COOKIE = 'lang';

/**
 * The page language: an explicit choice (?lang= or the cookie it sets), else the viewer's group
 * language, else the browser's Accept-Language, else German.
 */
export default fp(
  async function i18nPlugin(app: FastifyInstance) {
    app.decorateRequest('locale', DEFAULT_LOCALE);
    app.decorateRequest('t', null as unknown as Translate);
    app.decorateRequest('useGroupLocale', function (this: { locale: Locale; t: Translate; chosenLocale?: boolean }, locale: Locale) {
      if (this.chosenLocale) return;
      this.locale = locale;
      this.t = translator(locale);
    });

    app.addHook('onRequest', async (request, reply) => {
      const query = request.query as Record<string, unknown> | undefined;
      const fromQuery = query?.lang;
      let chosen: Locale | undefined;
      if (isLocale(fromQuery)) {
        chosen = fromQuery;
        reply.setCookie(LANG_COOKIE, fromQuery, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
      } else if (isLocale(request.cookies[LANG_COOKIE])) {
        chosen = request.cookies[LANG_COOKIE] as Locale;
      }
      const locale =
        chosen ?? request.viewer?.member?.group.locale ?? localeFromAcceptLanguage(request.headers['accept-language']) ?? DEFAULT_LOCALE;
      request.locale = locale;
      request.t = translator(locale);
      (request as unknown as { chosenLocale: boolean }).chosenLocale = chosen !== undefined;
    });
  },
  { name: 'i18n', dependencies: ['sessions'] },
);
