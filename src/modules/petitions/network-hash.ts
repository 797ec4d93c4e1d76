/**
 * Fraud signals without keeping anyone's IP address: the address and its network (IPv4 /24,
 * IPv6 /48) are stored only as HMAC-SHA256 under a key derived from the session secret, so
 * moderators can see "40 signatures from one network in a minute" and the database cannot be
 * turned back into addresses (an unkeyed hash of an IPv4 address is reversed by trying all 2^32).
 */
import { createHmac } from 'node:crypto';

export function networkOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 3).join(':')}::/48` : address;
}

function expandIpv6(address: string): string[] | null {
  if (!address.includes(':')) return null;
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(Math.max(0, fill)).fill('0'), ...right];
  return groups.length === 8 ? groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')) : null;
}

export function keyedHashes(secret: string, ip: string) {
  const mac = (label: string, value: string) =>
    createHmac('sha256', secret).update(`soundings-petitions:${label}:${value}`).digest('hex').slice(0, 32);
  const address = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip;
  return { addressHash: mac('address', address), networkHash: mac('network', networkOf(ip)) };
}
