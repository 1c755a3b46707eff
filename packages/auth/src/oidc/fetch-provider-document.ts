import { providerUrlProblem } from './provider-url.ts';

/** How long one discovery or key-set request may take, body included. */
export const PROVIDER_FETCH_TIMEOUT_MS = 5_000;

/**
 * The largest discovery or key-set document read. Real ones are a few kilobytes (a key set
 * of ten RSA keys is ~5 KB); a provider answering with more is broken or hostile, and the
 * document is held in memory to parse it.
 */
export const PROVIDER_DOCUMENT_MAX_BYTES = 256 * 1024;

/** A discovery or key-set document that could not be read; the message says why, for the operator. */
export class ProviderFetchError extends Error {}

/**
 * GETs a JSON document of an identity provider, bounded: https only (http on loopback),
 * redirects not followed (one could lead to plain http or elsewhere), at most
 * `PROVIDER_DOCUMENT_MAX_BYTES` read — a larger declared length is refused before the body,
 * an undeclared one cut off there — and at most `PROVIDER_FETCH_TIMEOUT_MS` for all of it.
 * @throws ProviderFetchError with the reason
 */
export async function fetchProviderDocument(url: URL, what: string): Promise<unknown> {
  const problem = providerUrlProblem(url);
  if (problem) throw new ProviderFetchError(`${what} ${url.href}: ${problem}`);
  const signal = AbortSignal.timeout(PROVIDER_FETCH_TIMEOUT_MS);
  try {
    const response = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'application/json' } });
    if (response.status !== 200) {
      await response.body?.cancel();
      const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
      throw new ProviderFetchError(`${what} ${url.href} answered HTTP ${response.status}${redirect}`);
    }
    const text = await readCapped(response, `${what} ${url.href}`);
    try {
      return JSON.parse(text);
    } catch {
      throw new ProviderFetchError(`${what} ${url.href} is not JSON`);
    }
  } catch (error) {
    if (error instanceof ProviderFetchError) throw error;
    if (signal.aborted) throw new ProviderFetchError(`${what} ${url.href} did not answer within ${PROVIDER_FETCH_TIMEOUT_MS / 1000} s`);
    // fetch() reports a refused connection or a DNS failure as "fetch failed" with the reason as its cause.
    const { cause, message } = error as Error;
    throw new ProviderFetchError(`${what} ${url.href} could not be fetched: ${cause instanceof Error ? cause.message : message}`);
  }
}

async function readCapped(response: Response, what: string): Promise<string> {
  const tooLarge = () => new ProviderFetchError(`${what} is larger than ${PROVIDER_DOCUMENT_MAX_BYTES / 1024} KiB`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > PROVIDER_DOCUMENT_MAX_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > PROVIDER_DOCUMENT_MAX_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
