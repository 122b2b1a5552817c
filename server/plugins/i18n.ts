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
 * language, else — for a signed-out visitor (login, password reset, an invitation) — the language
 * of the installation's group (`installationLocale`; one group per installation today), else the
 * browser's Accept-Language (before the first group is set up), else German.
 */
export type I18nOptions = {
  /** The language of the installation's group, or undefined while there is none. */
  installationLocale?: () => Promise<Locale | undefined>;
};

export default fp(
  async function i18nPlugin(app: FastifyInstance, options: I18nOptions) {
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
      const signedOut = chosen === undefined && !request.viewer?.member && !request.url.startsWith('/public/');
      const installation = signedOut && options.installationLocale ? await options.installationLocale() : undefined;
      const locale =
        chosen ??
        request.viewer?.member?.group.locale ??
        installation ??
        localeFromAcceptLanguage(request.headers['accept-language']) ??
        DEFAULT_LOCALE;
      request.locale = locale;
      request.t = translator(locale);
      (request as unknown as { chosenLocale: boolean }).chosenLocale = chosen !== undefined;
    });
  },
  { name: 'i18n', dependencies: ['sessions'] },
);
