import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Database, Db } from '../db/client.js';
import { fromRoot } from '../root.js';
import authRoutes from './auth/routes.js';
import liveRoutes, { MAX_SOCKET_FRAME_BYTES } from './live-round/routes.js';
import breakfastRoutes from './breakfasts/routes.js';
import { socketErrorHandler } from './live-round/socket-errors.js';
import directoryRoutes from './directory/routes.js';
import type { Config } from './config.js';
import feedbackRoutes from './feedback/routes.js';
import groupRoutes from './groups/routes.js';
import { groupQueries } from './groups/queries.js';
import healthRoutes from './health/routes.js';
import insightsRoutes from './insights/routes.js';
import trustRoutes from './trust/routes.js';
import memberRoutes from './members/routes.js';
import notificationRoutes from './notifications/routes.js';
import oneToOneRoutes from './one-to-ones/routes.js';
import csrf from './plugins/csrf.js';
import errorsPlugin, { renderFrameworkError } from './plugins/errors.js';
import freshness from './cache/freshness.js';
import i18n from './plugins/i18n.js';
import securityHeaders from './plugins/security-headers.js';
import sessions from './plugins/sessions.js';
import views from './plugins/views.js';
import webDelivery, { compression } from './plugins/web-delivery.js';
import { assets } from './shared/asset-files.js';
import privacyRoutes from './privacy/routes.js';
import jobs from './jobs/plugin.js';
import referralRoutes from './referrals/routes.js';
import { registerSubscriptions } from './subscriptions.js';
import device from './signals/device.js';
import signalRoutes from './signals/routes.js';
import { type Clock, systemClock } from './shared/time.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    db: Db;
    /** The time as the app sees it; tests replace it to move through deadlines. */
    clock: Clock;
  }
}

export type AppDeps = {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Told about every route as it is registered (the authorization test lists the app's routes with it). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
};

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  registerSubscriptions();
  const app: FastifyInstance = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Long free-text values are checked by zod; Fastify must not choke on them first.
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: (error, request, reply) => renderFrameworkError(app, error, request, reply),
  });
  // Route params, query strings and JSON bodies are declared as zod schemas; a failure reaches
  // the one error handler (plugins/errors.ts), which answers it in the visitor's language.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const { onRoute } = deps;
  if (onRoute) app.addHook('onRoute', (route) => onRoute(route));

  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('db', database.db);
  app.decorate('clock', deps.clock ?? systemClock);

  await app.register(securityHeaders, { https: config.publicUrl.protocol === 'https:' });
  await app.register(compression);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 30 } });
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: MAX_SOCKET_FRAME_BYTES }, errorHandler: socketErrorHandler });
  await app.register(fastifyStatic, {
    root: fromRoot('public'),
    prefix: '/public/',
    maxAge: '1h',
  });

  await app.register(freshness);
  await app.register(sessions);
  await app.register(device);
  await app.register(i18n, { installationLocale: () => groupQueries(app.db).firstGroupLocale() });
  await app.register(views, { production: config.logLevel !== 'debug' });
  await app.register(webDelivery, { assets });
  await app.register(errorsPlugin);
  await app.register(csrf);
  await app.register(jobs);

  await app.register(healthRoutes);
  await app.register(groupRoutes);
  await app.register(authRoutes);
  await app.register(memberRoutes);
  await app.register(referralRoutes);
  await app.register(notificationRoutes);
  await app.register(oneToOneRoutes);
  await app.register(feedbackRoutes);
  await app.register(signalRoutes);
  await app.register(trustRoutes);
  await app.register(directoryRoutes);
  await app.register(insightsRoutes);
  await app.register(breakfastRoutes);
  await app.register(liveRoutes);
  await app.register(privacyRoutes);

  return app;
}
