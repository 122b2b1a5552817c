/**
 * The live room without JavaScript: every button of the room is also a plain form that POSTs to
 * /breakfasts/:id/live with an `action` field. The form is turned into the same client message the
 * socket carries (protocol.ts) and validated by the same schema, so both ways run one use case
 * (service.ts runCommand). Commands that cannot be taken back ask first: a confirmation page
 * without JavaScript, a <dialog> with it.
 */
import { z } from 'zod';
import { type ClientMessage, PROTOCOL_VERSION, clientMessageSchema } from './protocol.js';

export const LIVE_FORM_ACTIONS = ['start', 'next', 'previous', 'pause', 'resume', 'extend', 'skip', 'move_up', 'end', 'pledge', 'one_to_one'] as const;
export type LiveFormAction = (typeof LIVE_FORM_ACTIONS)[number];

/** Irreversible: the round cannot be restarted, and a skipped speaker does not come back. */
export const CONFIRMED_ACTIONS: readonly LiveFormAction[] = ['end', 'skip'];

const text = z.string().max(4096).optional();
const liveFormSchema = z.object({
  action: z.enum(LIVE_FORM_ACTIONS),
  mode: text,
  secondsEach: text,
  seconds: text,
  attendeeId: text,
  note: text,
  forAttendeeId: text,
  withAttendeeId: text,
  confirmed: z.literal('1').optional(),
});

export type LiveForm = {
  action: LiveFormAction;
  message: Exclude<ClientMessage, { type: 'sync' }>;
  /** Whether the visitor still has to confirm (an irreversible action sent without `confirmed=1`). */
  needsConfirmation: boolean;
  /** The fields to send again from the confirmation page. */
  fields: Record<string, string>;
};

const asInt = (value: string | undefined) => (value !== undefined && /^\d{1,6}$/.test(value.trim()) ? Number(value) : value);

/** A submitted live form as a client message, or null when it is not one the room knows. */
export function liveFormMessage(body: unknown): LiveForm | null {
  const form = liveFormSchema.safeParse(body ?? {});
  if (!form.success) return null;
  const f = form.data;
  const candidate =
    f.action === 'pledge'
      ? { type: 'pledge', note: f.note, forAttendeeId: f.forAttendeeId || undefined }
      : f.action === 'one_to_one'
        ? { type: 'one_to_one', withAttendeeId: f.withAttendeeId }
        : { type: 'command', command: { type: f.action, mode: f.mode, secondsEach: asInt(f.secondsEach), seconds: asInt(f.seconds), attendeeId: f.attendeeId } };
  const parsed = clientMessageSchema.safeParse({ v: PROTOCOL_VERSION, ...candidate });
  if (!parsed.success || parsed.data.type === 'sync') return null;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(f)) if (typeof value === 'string' && key !== 'confirmed') fields[key] = value;
  return { action: f.action, message: parsed.data, needsConfirmation: CONFIRMED_ACTIONS.includes(f.action) && f.confirmed !== '1', fields };
}
