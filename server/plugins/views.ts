import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import view from '@fastify/view';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import handlebars from 'handlebars';
import { fromRoot } from '../../root.js';
import { assets } from '../shared/asset-files.js';
import { type Locale, translate } from '../shared/i18n.js';
import { DEFAULT_TIME_ZONE, formatDate, isDateStyle } from '../shared/time.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders views/pages/<name>.hbs in the main layout with the viewer, language and path. */
    page(name: string, data?: Record<string, unknown>, status?: number): FastifyReply;
    /**
     * Renders views/pages/<name>.hbs in the light client layout (people without an account, e.g. a
     * client's feedback page): no member navigation, nothing about the viewer.
     */
    clientPage(name: string, data?: Record<string, unknown>, status?: number): FastifyReply;
  }
}

const viewsDir = fromRoot('views');

function listPartials(dir: string, base = dir): Record<string, string> {
  const partials: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(partials, listPartials(full, base));
    else if (entry.name.endsWith('.hbs')) partials[relative(base, full).slice(0, -4)] = relative(viewsDir, full);
  }
  return partials;
}

/** "Anna Berger" → "AB"; one name → its first two letters. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0]!.slice(0, 2).toUpperCase();
  return (words[0]![0]! + words[words.length - 1]![0]!).toUpperCase();
}

function createHandlebars() {
  const hbs = handlebars.create();
  hbs.registerHelper('t', function (key: string, options: handlebars.HelperOptions) {
    return translate(options.data.root.locale as Locale, key, options.hash);
  });
  /** {{asset "/css/app.css"}} → /assets/<hash>/css/app.css, cached for a year (shared/assets.ts). */
  hbs.registerHelper('asset', (path: unknown) => assets.url(String(path)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hbs.registerHelper('startsWith', (value: unknown, prefix: unknown) => typeof value === 'string' && value.startsWith(String(prefix)));
  hbs.registerHelper('initials', (name: unknown) => initials(String(name ?? '')));
  hbs.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
  hbs.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  );
  /** {{formatDate value "datetime"}} ("deadline" for a due date): on the clock of the page's group (`timeZone` in the page data). */
  hbs.registerHelper('formatDate', function (value: Date | string | null, style: string, options: handlebars.HelperOptions) {
    if (!value) return '';
    const root = ((options ?? style) as handlebars.HelperOptions).data.root as { locale: Locale; timeZone?: string; now?: Date };
    return formatDate(value, root.locale, isDateStyle(style) ? style : 'date', root.timeZone ?? DEFAULT_TIME_ZONE, root.now ?? new Date());
  });
  return hbs;
}

export const MAIN_LAYOUT = 'layouts/main.hbs';

/** What the main layout shows of the viewer: navigation, group, unread badge, language switch. */
export function layoutData(request: FastifyRequest): Record<string, unknown> {
  const viewer = request.viewer;
  const member = viewer?.member ?? null;
  return {
    locale: request.locale,
    otherLocale: request.locale === 'de' ? 'en' : 'de',
    path: request.url.split('?')[0],
    viewer,
    member,
    /** Whatever a member sees is theirs or their group's: no search engine keeps it. A page may say otherwise (a public profile). */
    noindex: Boolean(viewer),
    isHost: member?.role === 'host',
    group: member?.group ?? null,
    /** Dates on the page are read on the clock of the viewer's group; a page may set its own group's. */
    timeZone: member?.group.timeZone ?? DEFAULT_TIME_ZONE,
    /** The app's clock: a date in another year than this one names its year. */
    now: request.server.clock(),
    unreadNotifications: request.unreadNotifications,
  };
}

export default fp(
  async function viewsPlugin(app: FastifyInstance, options: { production: boolean }) {
    await app.register(view, {
      engine: { handlebars: createHandlebars() },
      root: viewsDir,
      // The layout is chosen per render (main or client), so none is set globally.
      viewExt: 'hbs',
      production: options.production,
      // Without preventIndent an indented partial call indents every line of a textarea's value.
      options: { partials: listPartials(join(viewsDir, 'partials')), compileOptions: { preventIndent: true } },
    });

    app.decorateReply('page', function (name: string, data: Record<string, unknown> = {}, status = 200) {
      this.code(status).type('text/html; charset=utf-8');
      return this.view(`pages/${name}`, { ...layoutData(this.request), ...data }, { layout: MAIN_LAYOUT });
    });

    app.decorateReply('clientPage', function (name: string, data: Record<string, unknown> = {}, status = 200) {
      const request = this.request;
      this.code(status).type('text/html; charset=utf-8');
      return this.view(
        `pages/${name}`,
        { locale: request.locale, otherLocale: request.locale === 'de' ? 'en' : 'de', now: request.server.clock(), ...data },
        { layout: 'layouts/client.hbs' },
      );
    });
  },
  { name: 'views', dependencies: ['i18n'] },
);
