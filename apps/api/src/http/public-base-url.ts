import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/**
 * The base of the URLs Docket hands out to be given to others (webhook endpoints, invitation
 * links): PUBLIC_URL, else the address the request reached.
 */
export function publicBaseUrl(publicUrl: string | undefined): (req: Request) => string {
  const configured = publicUrl?.replace(/\/$/, '');
  return (req) => configured ?? listeningUrl(req);
}

/**
 * Without PUBLIC_URL, the address this request reached — the server's own socket, which
 * no client can forge — rather than its `Host` header: a URL handed out to be given to
 * other systems must not be one a forged header chose (`Host: attacker.example` would
 * send someone's documents there). Right for a Docket reached directly; behind a proxy
 * or a load balancer the operator sets PUBLIC_URL.
 */
function listeningUrl(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  // A dual-stack socket reports IPv4 clients' connections as IPv4-mapped IPv6.
  const unmapped = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  const host = isIPv6(unmapped) ? `[${unmapped}]` : unmapped;
  return `http://${host}:${req.socket.localPort}`;
}
