import { BlockList, isIPv6 } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `localhost`, 127.0.0.0/8 and [::1]: hosts whose traffic never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  // A DNS name other than localhost is never loopback: BlockList answers false for it.
  return host === 'localhost' || LOOPBACK.check(host, isIPv6(host) ? 'ipv6' : 'ipv4');
}

/**
 * Why Docket will not read keys or discovery documents from `url`, or undefined when it
 * will: it must be https — a signing key fetched over plain http could be swapped by anyone
 * on the path — except on loopback, where the traffic stays on the machine (a provider in a
 * sidecar, the tests' own).
 */
export function providerUrlProblem(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'identity providers must use https (plain http only on loopback: localhost, 127.0.0.0/8, [::1])';
  return `identity providers must use https, not ${url.protocol}`;
}
