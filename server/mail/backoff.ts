/**
 * When a failed message is tried again: 1 minute after the first failure, doubling each time,
 * at most 6 hours apart. After MAX_ATTEMPTS the message is kept for hosts to pass on by hand.
 */
export const MAX_ATTEMPTS = 10;
const FIRST_DELAY_MS = 60 * 1000;
const LONGEST_DELAY_MS = 6 * 60 * 60 * 1000;

export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(FIRST_DELAY_MS * 2 ** exponent, LONGEST_DELAY_MS);
}

export function shouldGiveUp(attempts: number): boolean {
  return attempts >= MAX_ATTEMPTS;
}
