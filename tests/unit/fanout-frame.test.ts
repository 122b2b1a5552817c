import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { textFrameHeader } from '../../server/live-round/frames.js';

// ws's own framing (not in its type definitions), the reference a broadcast frame must equal.
const { Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
};

describe('a broadcast frame, built once for every socket', () => {
  it.each([0, 1, 125, 126, 700, 65_535, 65_536, 200_000])('is byte for byte what ws sends for %i bytes', (length) => {
    const payload = Buffer.alloc(length, 'x');
    const ours = Buffer.concat([textFrameHeader(length), payload]);
    const theirs = Buffer.concat(Sender.frame(payload, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: true }));
    expect(ours.equals(theirs)).toBe(true);
  });
});
