import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { CallbackTarget } from './callback-target.ts';

/** API issue: a receiver gets 10 s to answer. */
export const CALLBACK_TIMEOUT_MS = 10_000;

/** Of a response body, only this much is kept: enough to see an error page's first words. */
export const EXCERPT_BYTES = 512;

export type CallbackResponse = { statusCode: number; excerpt: string; location: string | null };

/**
 * POSTs `body` to a resolved callback target, connecting to the checked address only (the
 * host name goes in the Host header and TLS SNI, so certificates are still verified against
 * it). Redirects are not followed: a 3xx is an answer like any other, and following it would
 * let a public URL bounce the request to a private one. Gives up after `timeoutMs`, however
 * slowly the other side trickles its answer.
 */
export function postCallback(target: CallbackTarget, body: string, headers: Record<string, string>, timeoutMs: number): Promise<CallbackResponse> {
  const { url, address } = target;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request({
      method: 'POST',
      host: address,
      family: target.family,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      servername: isIP(url.hostname.replace(/^\[|\]$/g, '')) ? undefined : url.hostname,
      headers: { ...headers, host: url.host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Docket-Callbacks/1' },
      agent: false,
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        response.destroy();
        resolve({
          statusCode: response.statusCode ?? 0,
          excerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8'),
          location: response.headers.location ?? null,
        });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        kept += chunk.length;
        if (kept >= EXCERPT_BYTES) finish();
      });
      response.on('end', finish);
      response.on('error', finish);
    });
    request.end(body);
  });
}
