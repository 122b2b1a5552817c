import { createHmac, randomBytes } from 'node:crypto';

/**
 * The signals keep no cookie value and no address, only HMAC-SHA256 hashes under the
 * installation's key: without the key the hashes cannot be matched to a device or an address.
 */
export function signalHash(key: string, kind: 'device' | 'network' | 'client', value: string): string {
  return createHmac('sha256', key).update(`${kind}\n${value}`).digest('hex');
}

/** A new random key (256 bits, hex). */
export function newSignalKey(): string {
  return randomBytes(32).toString('hex');
}

/** A new device id for the `kreis_device` cookie (128 bits, base64url). */
export function newDeviceId(): string {
  return randomBytes(16).toString('base64url');
}

/** A device id as this server makes them; anything else in the cookie is replaced. */
export function isDeviceId(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value);
}
