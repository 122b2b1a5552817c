import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isDeviceId, newDeviceId } from './hashing.js';
import { networkPrefix } from './network.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S, hashOrigin, recordSightings, signalKey, SIGHTING_THROTTLE_MS } from './service.js';

/** Throttle entries kept in memory before the oldest are dropped (the database throttles too). */
const THROTTLE_ENTRIES = 10_000;

/**
 * The first-party device cookie `kreis_device` (a random id; httpOnly, SameSite=Lax, a year), set
 * on the client's feedback pages and on every signed-in member's pages; and the sightings of
 * members: which device and network (hashed) they used Kreis from, at most once an hour each.
 */
export default fp(
  async function devicePlugin(app: FastifyInstance) {
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: app.config.secureCookies,
      maxAge: DEVICE_COOKIE_MAX_AGE_S,
    };
    // Recently recorded (seats, device, network) → when: most requests need no database round trip.
    const recorded = new Map<string, number>();

    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/public/')) return;
      const seats = request.viewer?.memberships ?? [];
      if (seats.length === 0 && !request.url.startsWith('/f/')) return;
      const cookie = request.cookies[DEVICE_COOKIE];
      const minted = !isDeviceId(cookie);
      const deviceId = isDeviceId(cookie) ? cookie : newDeviceId();
      if (minted) {
        reply.setCookie(DEVICE_COOKIE, deviceId, cookieOptions);
        request.cookies[DEVICE_COOKIE] = deviceId;
      }
      if (seats.length === 0) return;

      // The throttle is checked before any hashing: most requests end here. A client that sends
      // no cookies back gets a new id on every request, so it is throttled by network alone, or
      // each of its requests would write a sighting. The key lives in memory only.
      const now = app.clock();
      const keyOf = (device: string) => `${seats.map((s) => s.id).join(',')}|${device}|${networkPrefix(request.ip) ?? ''}`;
      const key = keyOf(minted ? '' : deviceId);
      const last = recorded.get(key);
      if (last !== undefined && now.getTime() - last < SIGHTING_THROTTLE_MS && now.getTime() >= last) return;
      const origin = hashOrigin(await signalKey(app.db, app.config), deviceId, request.ip);
      await recordSightings(app.db, seats.map((s) => ({ groupId: s.group.id, memberId: s.id })), origin, now);
      if (recorded.size >= THROTTLE_ENTRIES) recorded.clear();
      recorded.set(key, now.getTime());
      // The new id was recorded too: when the browser sends it back, it needs no second write.
      if (minted) recorded.set(keyOf(deviceId), now.getTime());
    });
  },
  { name: 'device', dependencies: ['sessions'] },
);
