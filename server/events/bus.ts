import type { Db } from '../../db/client.js';
import type { DomainEvent, EventOf, EventType } from './catalogue.js';

/**
 * The dispatcher: subscribers are registered once at start-up (server/subscriptions.ts); use
 * cases only dispatch. Subscribers run in order, inside the writing transaction they are handed.
 */
export type Subscriber<T extends EventType> = (tx: Db, event: EventOf<T>) => Promise<void>;

const subscribers = new Map<EventType, ((tx: Db, event: DomainEvent) => Promise<void>)[]>();
let sealed = false;

export function subscribe<T extends EventType>(type: T, subscriber: Subscriber<T>): void {
  if (sealed) throw new Error(`subscribe(${type}) after start-up`);
  const list = subscribers.get(type) ?? [];
  list.push(subscriber as (tx: Db, event: DomainEvent) => Promise<void>);
  subscribers.set(type, list);
}

/** Marks the end of start-up; from now on events may be dispatched and nobody subscribes. */
export function seal(): void {
  sealed = true;
}

export function isSealed(): boolean {
  return sealed;
}

/** Hands each event to its subscribers, one after another, inside `tx`. */
export async function dispatch(tx: Db, ...events: DomainEvent[]): Promise<void> {
  // A write that ran before the wiring would silently leave read models behind.
  if (!sealed) throw new Error('domain events dispatched before the subscribers were registered');
  for (const event of events) {
    for (const subscriber of subscribers.get(event.type) ?? []) await subscriber(tx, event);
  }
}
