/**
 * Fan-out of the live round to every connected socket, on every instance.
 *
 * The database holds the round; this hub holds only sockets and a cached fold per room. One
 * LISTEN per instance on ROUND_CHANNEL: when any instance appends to a round it notifies
 * `{k:'round', breakfastId, version}`; each instance with sockets in that room folds the new
 * events onto its cache (one read per instance, not per socket) and pushes the view to its own
 * sockets. The instance that wrote does not wait for its own notice: it broadcasts at once.
 * Presence announcements (presence.ts) travel on the same channel.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { uuid as id } from '../shared/fields.js';
import type { Database } from '../../db/client.js';
import { loadRound, type RoomActor } from './service.js';
import { PRESENCE_REFRESH_MS, Presence, type PresenceAnnouncement } from './presence.js';
import { presenceMessage, speakersKey, stateMessage } from './protocol.js';
import type { RoundState } from './round.js';
import { type AttendeeRoundView, attendeeView, view } from './round-view.js';
import { broadcastFrame, send } from './frames.js';

export const ROUND_CHANNEL = 'kreis_round';
/** Presence changes reach the room at most this often: a thousand arrivals are not a million messages. */
const PRESENCE_DEBOUNCE_MS = 400;
const PING_INTERVAL_MS = 30_000;
/** Never a speakersKey: the next broadcast carries the order's ids to everyone. */
const MIXED_SPEAKERS = 'mixed';
const NOTHING_PERSONAL: AttendeeRoundView = {
  pledgesReceived: [],
  pledgesGiven: [],
  oneToOneRequestsMade: [],
  oneToOneRequestsReceived: [],
};

const busMessageSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('round'), breakfastId: id, version: z.int().min(0) }),
  z.object({ k: z.enum(['join', 'leave']), b: id, i: id, a: id }),
  z.object({ k: z.literal('set'), b: id, i: id, a: z.array(id).max(500) }),
  z.object({ k: z.literal('hello'), b: id, i: id }),
]);

export type RoomClient = {
  readonly socket: WebSocket;
  readonly breakfastId: string;
  readonly actor: RoomActor;
  alive: boolean;
};

type Room = {
  readonly clients: Set<RoomClient>;
  state: RoundState | null;
  /** A reload in flight, and whether another notice came in meanwhile. */
  loading: Promise<void> | null;
  stale: boolean;
  presenceTimer: NodeJS.Timeout | null;
  /**
   * The speaking order every socket of the room has received (its speakersKey): a broadcast sends
   * the ids only when they differ. null: no socket has any yet; MIXED_SPEAKERS: not all the same.
   */
  broadcastSpeakers: string | null;
};

export class LiveHub {
  readonly instanceId = randomUUID();
  private readonly rooms = new Map<string, Room>();
  private readonly presence: Presence;
  private unlisten: (() => Promise<void>) | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly database: Database,
    private readonly clock: () => Date,
    private readonly log: FastifyBaseLogger,
  ) {
    this.presence = new Presence(this.instanceId, (message) => this.publish(message));
  }

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(ROUND_CHANNEL, (payload) => this.onNotice(payload));
    this.timers = [
      setInterval(() => this.refreshPresence(), PRESENCE_REFRESH_MS),
      setInterval(() => this.pingSockets(), PING_INTERVAL_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const room of this.rooms.values()) {
      if (room.presenceTimer) clearTimeout(room.presenceTimer);
      for (const client of room.clients) client.socket.close(1001, 'server shutting down');
    }
    this.rooms.clear();
    await this.unlisten?.().catch(() => undefined);
  }

  /** A socket entered; it gets the round as it is now and everyone the new presence list. */
  async join(client: RoomClient): Promise<void> {
    const room = this.room(client.breakfastId);
    room.clients.add(client);
    this.presence.add(client.breakfastId, client.actor.id);
    this.schedulePresence(client.breakfastId, room);
    await this.sendState(client);
  }

  leave(client: RoomClient): void {
    const room = this.rooms.get(client.breakfastId);
    if (!room?.clients.delete(client)) return;
    this.presence.remove(client.breakfastId, client.actor.id);
    if (room.clients.size === 0) {
      if (room.presenceTimer) clearTimeout(room.presenceTimer);
      this.rooms.delete(client.breakfastId);
    } else {
      this.schedulePresence(client.breakfastId, room);
    }
  }

  /** The round as this socket should see it now (after connecting, or on `sync`). */
  async sendState(client: RoomClient): Promise<void> {
    const room = this.room(client.breakfastId);
    await this.reload(client.breakfastId, room);
    if (room.state) {
      const now = this.clock().getTime();
      const roundView = view(room.state, now);
      send(client.socket, this.stateFrame(room.state, client.actor.id, now, JSON.stringify(stateMessage(roundView, now))));
      // This socket has the whole order now; the room's record stays true only if it is the same list.
      const key = speakersKey(roundView.order);
      if (room.broadcastSpeakers === null) room.broadcastSpeakers = key;
      else if (room.broadcastSpeakers !== key) room.broadcastSpeakers = MIXED_SPEAKERS;
    }
    send(client.socket, JSON.stringify(presenceMessage(this.presence.online(client.breakfastId))));
  }

  /** The fold of the round this instance holds, when it has sockets in the room. */
  cachedRound(breakfastId: string): RoundState | undefined {
    return this.rooms.get(breakfastId)?.state ?? undefined;
  }

  /** Who has the room open on any instance. */
  online(breakfastId: string): string[] {
    return this.presence.online(breakfastId);
  }

  /**
   * A round changed here: tell the other instances, then push it to this instance's sockets. The
   * driver sends the notice on the next turn of the event loop, so the sockets here are written
   * on the turn after: the other instances read the round while this one writes. The notice comes
   * back to this instance too and is ignored, its version being known already.
   */
  async roundChanged(breakfastId: string, state: RoundState): Promise<void> {
    this.publish({ k: 'round', breakfastId, version: state.version });
    const room = this.rooms.get(breakfastId);
    if (room && (!room.state || room.state.version < state.version)) {
      room.state = state;
      setImmediate(() => this.broadcastState(room, state));
    }
  }

  private room(breakfastId: string): Room {
    let room = this.rooms.get(breakfastId);
    if (!room) {
      room = { clients: new Set(), state: null, loading: null, stale: false, presenceTimer: null, broadcastSpeakers: null };
      this.rooms.set(breakfastId, room);
    }
    return room;
  }

  private onNotice(payload: string) {
    let message: z.infer<typeof busMessageSchema>;
    try {
      const parsed = busMessageSchema.safeParse(JSON.parse(payload));
      if (!parsed.success) return this.log.warn({ payload: payload.slice(0, 200) }, 'live: ignored malformed notice');
      message = parsed.data;
    } catch {
      return this.log.warn({ payload: payload.slice(0, 200) }, 'live: ignored notice that is not JSON');
    }
    if (message.k === 'round') {
      const room = this.rooms.get(message.breakfastId);
      if (!room || (room.state && room.state.version >= message.version)) return;
      void this.reload(message.breakfastId, room).then(() => this.broadcastState(room));
      return;
    }
    const changed = this.presence.receive(message);
    const room = changed ? this.rooms.get(changed) : undefined;
    if (changed && room) this.schedulePresence(changed, room);
  }

  /**
   * Folds what is new onto the cached round. Notices that arrive during a reload are coalesced
   * into one more reload, so a burst of commands costs a couple of reads, not one per notice.
   */
  private async reload(breakfastId: string, room: Room): Promise<void> {
    if (room.loading) {
      room.stale = true;
      return room.loading;
    }
    room.loading = (async () => {
      do {
        room.stale = false;
        try {
          const fresh = await loadRound(this.database.db, breakfastId, room.state ?? undefined);
          if (!room.state || fresh.version > room.state.version) room.state = fresh;
        } catch (error) {
          this.log.error({ err: error, breakfastId }, 'live: could not load the round');
        }
      } while (room.stale);
    })().finally(() => {
      room.loading = null;
    });
    return room.loading;
  }

  private broadcastState(room: Room, state = room.state) {
    if (!state) return;
    const now = this.clock().getTime();
    const roundView = view(state, now);
    // Every socket here got every earlier broadcast, and a joining one the whole round: the ids of
    // the speaking order (most of a message) travel only when they changed.
    const key = speakersKey(roundView.order);
    const withSpeakers = key !== room.broadcastSpeakers;
    room.broadcastSpeakers = key;
    // The shared part is serialised once, and encoded once for everyone it is the whole message to;
    // only attendees with pledges or 1:1 requests get a frame of their own.
    const shared = JSON.stringify(stateMessage(roundView, now, undefined, withSpeakers));
    const uninvolved = broadcastFrame(Buffer.from(withPersonal(shared, NOTHING_PERSONAL)));
    const involved = new Set([
      ...state.pledges.flatMap((p) => [p.by, p.forAttendeeId]),
      ...state.oneToOneRequests.flatMap((r) => [r.by, r.withAttendeeId]),
    ]);
    for (const client of room.clients) {
      send(client.socket, involved.has(client.actor.id) ? this.stateFrame(state, client.actor.id, now, shared) : uninvolved);
    }
  }

  private stateFrame(state: RoundState, attendeeId: string, now = this.clock().getTime(), shared?: string): string {
    return withPersonal(shared ?? JSON.stringify(stateMessage(view(state, now), now)), attendeeView(state, attendeeId));
  }

  private schedulePresence(breakfastId: string, room: Room) {
    if (room.presenceTimer) return;
    room.presenceTimer = setTimeout(() => {
      room.presenceTimer = null;
      const frame = broadcastFrame(Buffer.from(JSON.stringify(presenceMessage(this.presence.online(breakfastId)))));
      for (const client of room.clients) send(client.socket, frame);
    }, PRESENCE_DEBOUNCE_MS);
    room.presenceTimer.unref();
  }

  private refreshPresence() {
    for (const breakfastId of this.presence.refresh()) {
      const room = this.rooms.get(breakfastId);
      if (room) this.schedulePresence(breakfastId, room);
    }
  }

  private pingSockets() {
    for (const room of this.rooms.values()) {
      for (const client of room.clients) {
        if (!client.alive) {
          client.socket.terminate();
          continue;
        }
        client.alive = false;
        client.socket.ping();
      }
    }
  }

  private publish(message: PresenceAnnouncement | { k: 'round'; breakfastId: string; version: number }) {
    this.database.notify(ROUND_CHANNEL, JSON.stringify(message)).catch((error: unknown) => {
      this.log.error({ err: error }, 'live: could not notify the other instances');
    });
  }
}

/**
 * A serialised state message with one attendee's personal part added — the same JSON
 * stateMessage(view, serverNow, personal) gives, without serialising the shared view again.
 */
function withPersonal(shared: string, personal: AttendeeRoundView): string {
  return `${shared.slice(0, -1)},"personal":${JSON.stringify(personal)}}`;
}
