import { describe, expect, it } from 'vitest';
import { PRESENCE_CHUNK, PRESENCE_TTL_MS, Presence, type PresenceAnnouncement } from '../../server/live-round/presence.js';

const ROOM = 'room-1';

/** Two instances wired to each other, as the NOTIFY channel would. */
function pair() {
  let now = 1_000;
  const said: PresenceAnnouncement[] = [];
  const instances: Presence[] = [];
  const announce = (message: PresenceAnnouncement) => {
    said.push(message);
    for (const instance of instances) instance.receive(message);
  };
  instances.push(new Presence('A', announce, () => now), new Presence('B', announce, () => now));
  return { a: instances[0]!, b: instances[1]!, said, advance: (ms: number) => (now += ms) };
}

describe('presence across instances', () => {
  it('counts a person once however many sockets they have, on any instance', () => {
    const { a, b } = pair();
    expect(a.add(ROOM, 'anna')).toBe(true);
    expect(a.add(ROOM, 'anna')).toBe(false);
    b.add(ROOM, 'anna');
    b.add(ROOM, 'bert');
    expect(a.online(ROOM).sort()).toEqual(['anna', 'bert']);
    expect(b.online(ROOM).sort()).toEqual(['anna', 'bert']);

    expect(a.remove(ROOM, 'anna')).toBe(false);
    expect(a.remove(ROOM, 'anna')).toBe(true);
    // Still open on B.
    expect(a.online(ROOM).sort()).toEqual(['anna', 'bert']);
    b.remove(ROOM, 'anna');
    expect(a.online(ROOM)).toEqual(['bert']);
  });

  it('an instance that joins late learns who is there from the others', () => {
    const { a, b, said } = pair();
    for (let i = 0; i < PRESENCE_CHUNK + 5; i++) a.add(ROOM, `p${i}`);
    said.length = 0;
    b.add(ROOM, 'late');
    expect(said.filter((m) => m.k === 'set')).toHaveLength(2);
    expect(b.online(ROOM)).toHaveLength(PRESENCE_CHUNK + 6);
  });

  it("forgets a crashed instance's people after the time to live, unless they are re-announced", () => {
    const { a, b, advance } = pair();
    b.add(ROOM, 'bert');
    advance(PRESENCE_TTL_MS - 1_000);
    b.refresh();
    advance(2_000);
    expect(a.refresh()).toEqual([]);
    expect(a.online(ROOM)).toEqual(['bert']);
    // B falls silent (it crashed): A drops Bert once the time to live has passed.
    advance(PRESENCE_TTL_MS + 1);
    expect(a.refresh()).toEqual([ROOM]);
    expect(a.online(ROOM)).toEqual([]);
  });
});
