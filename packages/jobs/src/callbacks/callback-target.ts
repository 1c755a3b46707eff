import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError } from '@docket/contracts/app-error';

/**
 * Addresses a callback must never reach unless the operator allows it: a callback URL is
 * chosen by an API client, and without this it could make Docket probe its own network
 * (SSRF) — the cloud metadata service at 169.254.169.254 above all.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (also AWS's fd00:ec2::254 metadata)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** IPv4 carried inside IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d) is judged as IPv4. */
function embeddedIpv4(address: string): string | null {
  const dotted = address.match(/^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i);
  if (dotted) return dotted[1]!;
  const hex = address.match(/^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  return v4 ? !NOT_PUBLIC.check(v4, 'ipv4') : !NOT_PUBLIC.check(address, 'ipv6');
}

export class CallbackTargetError extends Error {}

/** The system resolver can hang for a long while on a dead DNS server; a delivery must not. */
const LOOKUP_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallbackTargetError(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export type CallbackTarget = { url: URL; address: string; family: 4 | 6 };

/**
 * Parses a callback URL and resolves its host to the address to connect to. Refused (with
 * a reason fit for an API error) unless it is https and every address the name resolves to
 * is public — all of them, so a name with one public and one private record cannot be used
 * to reach the private one. The caller connects to the returned address and nowhere else,
 * so the name cannot be re-resolved to something else in between (DNS rebinding).
 * `allowPrivate` (CALLBACK_ALLOW_PRIVATE, for development and tests) also allows http.
 */
export async function resolveCallbackTarget(raw: string, allowPrivate: boolean): Promise<CallbackTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CallbackTargetError('callback_url is not a valid URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw new CallbackTargetError(allowPrivate ? 'callback_url must be an http or https URL' : 'callback_url must be an https URL');
  }
  if (url.username || url.password) throw new CallbackTargetError('callback_url must not carry credentials');

  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await withTimeout(lookup(host, { all: true, verbatim: true }), LOOKUP_TIMEOUT_MS, `callback_url host ${host} did not resolve within ${LOOKUP_TIMEOUT_MS / 1000} s`);
    } catch (error) {
      if (error instanceof CallbackTargetError) throw error;
      throw new CallbackTargetError(`callback_url host ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'lookup failed'})`);
    }
  }
  if (addresses.length === 0) throw new CallbackTargetError(`callback_url host ${host} does not resolve`);
  if (!allowPrivate) {
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked) throw new CallbackTargetError(`callback_url must point to a public address; ${host} is ${blocked.address}`);
  }
  const chosen = addresses[0]!;
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

/**
 * Checks a submitted callback_url the way deliveries will (API.md: https to a public
 * address, 400 otherwise) and returns it normalised; undefined when none was given.
 * @throws AppError validation_failed
 */
export async function checkCallbackUrl(url: string | undefined, allowPrivate: boolean): Promise<string | undefined> {
  if (url === undefined) return undefined;
  try {
    return (await resolveCallbackTarget(url, allowPrivate)).url.href;
  } catch (error) {
    if (!(error instanceof CallbackTargetError)) throw error;
    throw new AppError('validation_failed', `invalid callback_url: ${error.message}`, [{ path: 'callback_url', message: error.message }]);
  }
}
