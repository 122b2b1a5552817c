import { isIP } from 'node:net';

/**
 * Pure: the network an address belongs to, as little of it as tells networks apart — the /24 of
 * an IPv4 address, the /48 of an IPv6 one. Null for loopback (a proxy or a test on this machine
 * tells nothing about the person) and for anything that is not an address.
 */
export function networkPrefix(address: string | null | undefined): string | null {
  if (!address) return null;
  let ip = address.trim();
  // IPv4 mapped into IPv6 (::ffff:192.0.2.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  const family = isIP(ip);
  if (family === 4) {
    const parts = ip.split('.');
    if (parts[0] === '127') return null;
    return `v4:${parts.slice(0, 3).join('.')}.0/24`;
  }
  if (family === 6) {
    const groups = expandIpv6(ip);
    if (!groups) return null;
    if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return null;
    return `v6:${groups.slice(0, 3).map((g) => g.toString(16)).join(':')}::/48`;
  }
  return null;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped); null if it is not one. */
function expandIpv6(ip: string): number[] | null {
  const bare = ip.split('%')[0]!.toLowerCase();
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  if (tail === undefined && left.length !== 8) return null;
  const groups = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
