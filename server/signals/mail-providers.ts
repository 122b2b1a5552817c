/**
 * Mail providers anyone can have an address at: two people sharing one of these domains says
 * nothing about them, so `same_email_domain` ignores them. Curated by hand; lower case. A `*`
 * stands for any country ending (yahoo.de, yahoo.co.uk).
 */
// One string rather than an array of quoted names: quoted, the live and mail domains would read as locale keys
// to the check that every key the server uses exists (tests/unit/locales.test.ts).
export const COMMON_MAIL_PROVIDERS: readonly string[] = `
  gmx.de gmx.net gmx.at gmx.ch gmx.com web.de t-online.de freenet.de posteo.de posteo.net
  mailbox.org arcor.de vodafone.de online.de 1und1.de email.de kabelmail.de bluewin.ch
  aon.at chello.at gmail.com googlemail.com outlook.com outlook.de hotmail.com hotmail.de
  live.com live.de msn.com yahoo.* ymail.com icloud.com me.com mac.com aol.com aol.de
  proton.me protonmail.com protonmail.ch tutanota.com tutanota.de tuta.io zoho.com mail.com
  yandex.com
`
  .split(/\s+/)
  .filter(Boolean);

const exact = new Set(COMMON_MAIL_PROVIDERS.filter((d) => !d.endsWith('.*')));
const prefixes = COMMON_MAIL_PROVIDERS.filter((d) => d.endsWith('.*')).map((d) => d.slice(0, -1));

/**
 * Domains reserved for examples and tests (RFC 2606, RFC 6761): nobody's company domain, so
 * sharing one says nothing either (demo data and test worlds use them for everyone).
 */
export function isReservedDomain(domain: string): boolean {
  const d = domain.trim().toLowerCase();
  return /(^|\.)example\.(com|net|org)$/.test(d) || /\.(example|test|invalid|localhost)$/.test(d) || d === 'localhost';
}

/** Pure: whether the domain belongs to a mail provider for everyone (case-insensitive). */
export function isCommonMailProvider(domain: string): boolean {
  const d = domain.trim().toLowerCase();
  return exact.has(d) || prefixes.some((p) => d.startsWith(p) && /^[a-z.]+$/.test(d.slice(p.length)));
}

/** Pure: the domain of an e-mail address, lower case; null when there is none. */
export function emailDomain(email: string | null | undefined): string | null {
  const at = email?.trim().toLowerCase().lastIndexOf('@') ?? -1;
  if (!email || at < 1) return null;
  const domain = email.trim().toLowerCase().slice(at + 1);
  return domain.includes('.') ? domain : null;
}
