import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '@docket/contracts/app-error';

/** IANA's global unicast space: every public IPv6 address is inside it. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Whether a callback may be sent to this address unless the operator allows private ones.
 * A callback URL is chosen by an API client, and without this it could make Docket probe its
 * own network (SSRF) — the cloud metadata service at 169.254.169.254 above all. An
 * allow-list, not a block-list: only what ipaddr.js classifies as plain `unicast` passes
 * (never loopback, private, link-local, carrier-grade NAT, reserved, documentation, 6to4,
 * Teredo, NAT64, site-local, …), IPv6 only inside 2000::/3 (so the deprecated
 * IPv4-compatible `::a.b.c.d` and other corners of ::/8 are out), and an IPv4-mapped IPv6
 * address is judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  // node:net is strict about notation; ipaddr.js also reads forms like `127.1` or `0x7f.1`.
  if (isIP(address) === 0) return false;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== 'unicast') return false;
  return parsed instanceof ipaddr.IPv4 || parsed.match(GLOBAL_UNICAST_V6);
}

/** Ports a callback may use unless the operator allows others: the web's own. */
const WEB_PORTS = new Set(['', '80', '443']);

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
 * `allowPrivate` (CALLBACK_ALLOW_PRIVATE, for development and tests) also allows http and
 * any port.
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
    // Another port is how an SSRF reaches a database or an admin console on a public host.
    if (!WEB_PORTS.has(url.port)) throw new CallbackTargetError(`callback_url must use port 443 or 80, not ${url.port}`);
  }
  const chosen = addresses[0]!;
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

/**
 * Checks a submitted callback_url the way deliveries will (docs/api.md#completion-callbacks: https to a public
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
