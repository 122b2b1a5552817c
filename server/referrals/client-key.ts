import { sha256Hex } from '../shared/tokens.js';

/**
 * The pseudonymous client key: the same person referred twice in a group maps to one `clients`
 * row, without the ledger ever holding their name or contact data. E-mail wins over phone, so a
 * client known by both is recognised by the e-mail they are most often referred with.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Digits only; a leading international 00 or + is dropped so "+49 171" and "0049171" agree. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '').replace(/^00/, '');
}

export function clientKeyHash(groupId: string, contact: { email: string; phone: string }): string {
  const email = normaliseEmail(contact.email);
  return sha256Hex(`${groupId}:${email || phoneDigits(contact.phone)}`);
}
