/**
 * Who has a breakfast's room open, across instances — kept in memory, no database rows.
 *
 * Each instance counts its own sockets per attendee (a phone and a laptop are one person) and
 * tells the others through the fan-out channel when someone arrives or leaves. Announcements
 * carry ids only, never a whole list, so a NOTIFY payload stays far below PostgreSQL's 8 kB
 * limit even with a thousand people in the room. An instance that joins a room late says
 * `hello`; the others answer with what they hold. Every instance re-announces its attendees
 * periodically, and what another instance said is forgotten after PRESENCE_TTL_MS without a
 * word — so an instance that crashed disappears from everyone's list within a minute or so.
 */

export const PRESENCE_TTL_MS = 75_000;
export const PRESENCE_REFRESH_MS = 30_000;
/** Ids per `set` announcement: 150 × ~40 bytes stays well inside one NOTIFY payload. */
export const PRESENCE_CHUNK = 150;

export type PresenceAnnouncement =
  | { k: 'join' | 'leave'; b: string; i: string; a: string }
  | { k: 'set'; b: string; i: string; a: string[] }
  | { k: 'hello'; b: string; i: string };

export class Presence {
  /** breakfast → attendee → sockets on this instance. */
  private readonly local = new Map<string, Map<string, number>>();
  /** breakfast → "instance attendee" → when that instance last vouched for the attendee. */
  private readonly remote = new Map<string, Map<string, { attendeeId: string; seenAt: number }>>();

  constructor(
    readonly instanceId: string,
    private readonly announce: (message: PresenceAnnouncement) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A socket opened. True when the attendee just arrived (their first socket anywhere here). */
  add(breakfastId: string, attendeeId: string): boolean {
    let room = this.local.get(breakfastId);
    if (!room) {
      room = new Map();
      this.local.set(breakfastId, room);
      this.announce({ k: 'hello', b: breakfastId, i: this.instanceId });
    }
    const count = room.get(attendeeId) ?? 0;
    room.set(attendeeId, count + 1);
    if (count === 0) this.announce({ k: 'join', b: breakfastId, i: this.instanceId, a: attendeeId });
    return count === 0;
  }

  /** A socket closed. True when that was the attendee's last socket here. */
  remove(breakfastId: string, attendeeId: string): boolean {
    const room = this.local.get(breakfastId);
    const count = room?.get(attendeeId) ?? 0;
    if (!room || count === 0) return false;
    if (count > 1) {
      room.set(attendeeId, count - 1);
      return false;
    }
    room.delete(attendeeId);
    if (room.size === 0) this.local.delete(breakfastId);
    this.announce({ k: 'leave', b: breakfastId, i: this.instanceId, a: attendeeId });
    return true;
  }

  /** What another instance said. Returns the breakfast whose list changed, or null. */
  receive(message: PresenceAnnouncement): string | null {
    if (message.i === this.instanceId) return null;
    const at = this.now();
    switch (message.k) {
      case 'hello':
        // Someone new in this room: tell them who is here.
        if (this.local.has(message.b)) this.announceRoom(message.b);
        return null;
      case 'join':
        this.remoteRoom(message.b).set(`${message.i} ${message.a}`, { attendeeId: message.a, seenAt: at });
        return message.b;
      case 'leave':
        return this.remote.get(message.b)?.delete(`${message.i} ${message.a}`) ? message.b : null;
      case 'set': {
        const room = this.remoteRoom(message.b);
        for (const attendeeId of message.a) room.set(`${message.i} ${attendeeId}`, { attendeeId, seenAt: at });
        return message.b;
      }
    }
  }

  /** Everyone with the room open on any instance, in no particular order. */
  online(breakfastId: string): string[] {
    const ids = new Set(this.local.get(breakfastId)?.keys() ?? []);
    for (const entry of this.remote.get(breakfastId)?.values() ?? []) ids.add(entry.attendeeId);
    return [...ids];
  }

  /** Re-announces this instance's rooms and forgets stale word from others; returns rooms that changed. */
  refresh(): string[] {
    for (const breakfastId of this.local.keys()) this.announceRoom(breakfastId);
    const changed: string[] = [];
    const cutoff = this.now() - PRESENCE_TTL_MS;
    for (const [breakfastId, room] of this.remote) {
      let removed = false;
      for (const [key, entry] of room) {
        if (entry.seenAt < cutoff) removed = room.delete(key) || removed;
      }
      if (room.size === 0) this.remote.delete(breakfastId);
      if (removed) changed.push(breakfastId);
    }
    return changed;
  }

  private announceRoom(breakfastId: string) {
    const ids = [...(this.local.get(breakfastId)?.keys() ?? [])];
    for (let i = 0; i < ids.length; i += PRESENCE_CHUNK) {
      this.announce({ k: 'set', b: breakfastId, i: this.instanceId, a: ids.slice(i, i + PRESENCE_CHUNK) });
    }
  }

  private remoteRoom(breakfastId: string) {
    let room = this.remote.get(breakfastId);
    if (!room) {
      room = new Map();
      this.remote.set(breakfastId, room);
    }
    return room;
  }
}
