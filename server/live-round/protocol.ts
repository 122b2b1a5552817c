/**
 * The live round's socket protocol: JSON messages, each carrying the protocol version `v`.
 * Client → server messages are parsed here and never trusted further; server → client messages
 * are built here, so both directions are described in one place.
 */
import { z } from 'zod';
import {
  type AttendeeId,
  EXTEND_SECONDS,
  MAX_SPEAKERS,
  PLEDGE_NOTE_MAX_LENGTH,
  ROUND_ERRORS,
  SECONDS_EACH,
  assertNever,
} from './round.js';
import { type OrderMode, type RoundCommand, ORDER_MODES } from './round-commands.js';
import type { AttendeeRoundView, RoundView } from './round-view.js';

/**
 * 2: a state message carries the speaking order as ids only when they changed (`view.speakers`),
 * and the rest of the order as one letter per speaker plus the pledge counts.
 */
export const PROTOCOL_VERSION = 2;
/**
 * Client messages did not change from 1 to 2: a page loaded before the change still steers the
 * round (it ignores the new state messages until it is reloaded).
 */
export const CLIENT_VERSIONS: readonly number[] = [1, PROTOCOL_VERSION];
/** A message is a few hundred bytes; anything far bigger is refused before JSON.parse sees it. */
export const MAX_MESSAGE_LENGTH = 4096;
const ATTENDEE_ID_MAX_LENGTH = 64;

const version = z.literal(PROTOCOL_VERSION);
const clientVersion = z.union([z.literal(1), version]);
const attendeeId = z.string().min(1).max(ATTENDEE_ID_MAX_LENGTH);
const intIn = (range: { readonly min: number; readonly max: number }) => z.int().min(range.min).max(range.max);

/**
 * Host commands as they travel. `start` names an order mode, not a list: the server knows who is
 * present and computes the order (orderAttendees), so a client cannot start a round with strangers.
 */
export const wireCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), mode: z.enum(ORDER_MODES), secondsEach: intIn(SECONDS_EACH) }),
  z.object({ type: z.literal('next') }),
  z.object({ type: z.literal('previous') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('extend'), seconds: intIn(EXTEND_SECONDS) }),
  z.object({ type: z.literal('skip'), attendeeId }),
  z.object({ type: z.literal('move_up'), attendeeId }),
  z.object({ type: z.literal('end') }),
]);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ v: clientVersion, type: z.literal('command'), command: wireCommandSchema }),
  z.object({
    v: clientVersion,
    type: z.literal('pledge'),
    note: z.string().max(PLEDGE_NOTE_MAX_LENGTH).optional(),
    forAttendeeId: attendeeId.optional(),
  }),
  z.object({ v: clientVersion, type: z.literal('one_to_one'), withAttendeeId: attendeeId }),
  /** "Send me the round as it is now" — after connecting, reconnecting or waking a phone. */
  z.object({ v: clientVersion, type: z.literal('sync') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
const CLIENT_MESSAGE_TYPES: readonly string[] = clientMessageSchema.options.map((o) => o.shape.type.value);

export const PROTOCOL_ERRORS = [
  'too_large',
  'malformed_json',
  'wrong_version',
  'unknown_type',
  'invalid_payload',
] as const;
export type ProtocolError = (typeof PROTOCOL_ERRORS)[number];

/** `message` is for logs and developers; clients translate `code`. */
export type ParseResult =
  | { ok: true; message: ClientMessage }
  | { ok: false; error: { code: ProtocolError; message: string } };

/**
 * Parses one raw socket frame. Never throws. The checks run in the order a reader needs them:
 * size, JSON, version (it decides how to read the rest), message type, then the payload.
 */
export function parseClientMessage(raw: string): ParseResult {
  if (raw.length > MAX_MESSAGE_LENGTH) {
    return fail('too_large', `message longer than ${MAX_MESSAGE_LENGTH} characters`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return fail('malformed_json', 'message is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail('invalid_payload', 'message must be a JSON object');
  }
  const { v, type } = data as { v?: unknown; type?: unknown };
  if (typeof v !== 'number' || !CLIENT_VERSIONS.includes(v)) return fail('wrong_version', `expected v: ${PROTOCOL_VERSION}, got ${shown(v)}`);
  if (typeof type !== 'string' || !CLIENT_MESSAGE_TYPES.includes(type)) {
    return fail('unknown_type', `unknown message type ${shown(type)}`);
  }
  const parsed = clientMessageSchema.safeParse(data);
  if (!parsed.success) return fail('invalid_payload', describeIssues(parsed.error));
  return { ok: true, message: parsed.data };
}

/**
 * The domain command a client message asks for, or null for `sync`. `orderFor` turns the start
 * command's order mode into attendee ids (the service: `orderAttendees(present, mode, Math.random)`).
 */
export function roundCommandFor(
  message: ClientMessage,
  orderFor: (mode: OrderMode) => AttendeeId[],
): RoundCommand | null {
  switch (message.type) {
    case 'command': {
      const { command } = message;
      return command.type === 'start'
        ? { type: 'start', order: orderFor(command.mode), secondsEach: command.secondsEach }
        : command;
    }
    case 'pledge':
      return { type: 'pledge', note: message.note ?? null, forAttendeeId: message.forAttendeeId };
    case 'one_to_one':
      return { type: 'request_one_to_one', withAttendeeId: message.withAttendeeId };
    case 'sync':
      return null;
    default:
      return assertNever(message);
  }
}

// ---- server → client ----

const speakerViewSchema = z.object({
  attendeeId,
  done: z.boolean(),
  skipped: z.boolean(),
  pledgeCount: z.int().min(0),
});

const nullableMs = z.number().nullable();

export const roundViewSchema = z.object({
  status: z.enum(['waiting', 'running', 'paused', 'ended']),
  version: z.int().min(0),
  secondsEach: intIn(SECONDS_EACH).nullable(),
  currentSpeakerId: attendeeId.nullable(),
  nextSpeakerId: attendeeId.nullable(),
  endsAt: nullableMs,
  remainingMs: nullableMs,
  lastTenSeconds: z.boolean(),
  timeUp: z.boolean(),
  endReason: z.enum(['completed', 'ended_by_host']).nullable(),
  order: z.array(speakerViewSchema).max(MAX_SPEAKERS).readonly(),
});

const pledgeSchema = z.object({
  by: attendeeId,
  forAttendeeId: attendeeId,
  note: z.string().max(PLEDGE_NOTE_MAX_LENGTH).nullable(),
  at: z.number(),
});
const oneToOneSchema = z.object({ by: attendeeId, withAttendeeId: attendeeId, at: z.number() });

export const attendeeViewSchema = z.object({
  pledgesReceived: z.array(pledgeSchema).readonly(),
  pledgesGiven: z.array(pledgeSchema).readonly(),
  oneToOneRequestsMade: z.array(oneToOneSchema).readonly(),
  oneToOneRequestsReceived: z.array(oneToOneSchema).readonly(),
});

// The schemas above describe the domain's view types; these fail to compile when the two drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ViewSchemaMatches = Assert<Same<z.infer<typeof roundViewSchema>, RoundView>>;
export type AttendeeViewSchemaMatches = Assert<Same<z.infer<typeof attendeeViewSchema>, AttendeeRoundView>>;

/**
 * The round view as it travels. The speaking order is most of a view (up to 200 ids) and changes
 * only on start, skip and move-up, while a view goes to every socket on every change: so the ids
 * (`speakers`) travel only when they changed since the socket's previous state message, and always
 * in the answer to joining or `sync`. `speakersKey` names the list a view belongs to; a client
 * holding another list (it missed one) asks for `sync` instead of drawing a wrong order.
 */
export type WireView = Omit<RoundView, 'order'> & {
  readonly speakers?: readonly AttendeeId[];
  readonly speakersKey: string;
  /** One letter per speaker, in speaking order: `d` done, `s` skipped, `p` still to speak (or speaking). */
  readonly slots: string;
  /** Pledges received per speaker; speakers without any are left out. */
  readonly pledgeCounts: Readonly<Record<AttendeeId, number>>;
};

export const wireViewSchema = roundViewSchema.omit({ order: true }).extend({
  speakers: z.array(attendeeId).max(MAX_SPEAKERS).readonly().optional(),
  speakersKey: z.string().max(40),
  slots: z.string().regex(/^[dsp]*$/).max(MAX_SPEAKERS),
  pledgeCounts: z.record(attendeeId, z.int().min(0)).readonly(),
});
export type WireViewSchemaMatches = Assert<Same<z.infer<typeof wireViewSchema>, WireView>>;

/** FNV-1a over the ids: the same list gives the same key on every instance, without a table. */
export function speakersKey(order: readonly { readonly attendeeId: AttendeeId }[]): string {
  let hash = 0x811c9dc5;
  for (const { attendeeId: id } of order) {
    for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x2c, 0x01000193); // the separator, so ['ab','c'] ≠ ['a','bc']
  }
  return `${order.length}.${(hash >>> 0).toString(36)}`;
}

export function wireView(view: RoundView, withSpeakers: boolean): WireView {
  const { order, ...rest } = view;
  const pledgeCounts: Record<AttendeeId, number> = {};
  let slots = '';
  for (const speaker of order) {
    slots += speaker.done ? 'd' : speaker.skipped ? 's' : 'p';
    if (speaker.pledgeCount > 0) pledgeCounts[speaker.attendeeId] = speaker.pledgeCount;
  }
  return {
    ...rest,
    ...(withSpeakers ? { speakers: order.map((s) => s.attendeeId) } : {}),
    speakersKey: speakersKey(order),
    slots,
    pledgeCounts,
  };
}

export const ERROR_CODES = [...ROUND_ERRORS, ...PROTOCOL_ERRORS] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    v: version,
    type: z.literal('state'),
    view: wireViewSchema,
    /** Lets each client compute its clock offset and count down to `view.endsAt` on its own. */
    serverNow: z.number(),
    /** Only in the message to that attendee: their pledges and one-to-one requests. */
    personal: attendeeViewSchema.optional(),
  }),
  z.object({
    v: version,
    type: z.literal('error'),
    code: z.enum(ERROR_CODES),
    message: z.string().max(500).optional(),
  }),
  /** Who has the round open right now, as attendee ids; names come with the page. */
  z.object({ v: version, type: z.literal('presence'), online: z.array(attendeeId).readonly() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** `withSpeakers: false` only for a broadcast whose speaking order every socket has already. */
export function stateMessage(view: RoundView, serverNow: number, personal?: AttendeeRoundView, withSpeakers = true): ServerMessage {
  return { v: PROTOCOL_VERSION, type: 'state', view: wireView(view, withSpeakers), serverNow, ...(personal ? { personal } : {}) };
}

export function errorMessage(code: ErrorCode, message?: string): ServerMessage {
  return { v: PROTOCOL_VERSION, type: 'error', code, ...(message === undefined ? {} : { message }) };
}

export function presenceMessage(online: readonly AttendeeId[]): ServerMessage {
  return { v: PROTOCOL_VERSION, type: 'presence', online };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`)
    .join('; ')
    .slice(0, 300);
}

/** A client value quoted in an error message: short, so a log line never carries a whole frame. */
function shown(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value).slice(0, 40);
}

function fail(code: ProtocolError, message: string): ParseResult {
  return { ok: false, error: { code, message } };
}
