import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@docket/contracts/app-error';
import { fetchProviderDocument, PROVIDER_DOCUMENT_MAX_BYTES, PROVIDER_FETCH_TIMEOUT_MS } from '../src/oidc/fetch-provider-document.ts';
import { KEY_SET_MAX_AGE_MS } from '../src/oidc/provider-keys.ts';
import { createProviderTokenVerifier, type ProviderTokenVerifier } from '../src/oidc/verify-provider-token.ts';
import { startTestIdentityProvider, type TestIdentityProvider, type TestSigningKey } from '../test-support/test-identity-provider.ts';

const AUDIENCE = 'docket-tests';
const REFETCH_INTERVAL_MS = 30_000;

let provider: TestIdentityProvider;
let key: TestSigningKey;
let now: number;
let verifier: ProviderTokenVerifier;

beforeEach(async () => {
  provider = await startTestIdentityProvider({ audience: AUDIENCE });
  key = await provider.addKey('RS256');
  // Time is the verifier's clock: only the cache's decisions move with it (tokens are minted with real time, ± minutes is fine).
  now = Date.now();
  verifier = createProviderTokenVerifier([{ issuer: provider.issuer, audience: AUDIENCE }], { clock: () => new Date(now), refetchIntervalMs: REFETCH_INTERVAL_MS });
});
afterEach(async () => {
  await provider.stop();
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('provider keys', () => {
  it('reads the discovery document and the key set once, then verifies from the cache', async () => {
    for (let i = 0; i < 5; i += 1) await verifier.verify(await provider.sign(key), undefined);
    expect(provider.requests).toEqual({ discovery: 1, jwks: 1 });
  });

  it('reads the key set again for an unknown key id at most once per interval, however many tokens ask', async () => {
    await verifier.verify(await provider.sign(key), undefined);
    const strangers = await Promise.all(Array.from({ length: 20 }, (_, i) => provider.sign(key, {}, { kid: `unknown-${i}` })));

    // Within the interval of the first read: no request at all.
    for (const token of strangers.slice(0, 5)) expect((await refusal(verifier.verify(token, undefined))).code).toBe('invalid_token');
    expect(provider.requests.jwks).toBe(1);

    // After it: one request, shared by every token that asks at once.
    now += REFETCH_INTERVAL_MS;
    const answers = await Promise.all(strangers.map((token) => refusal(verifier.verify(token, undefined))));
    expect(answers.every((answer) => answer.code === 'invalid_token')).toBe(true);
    expect(answers[0]!.message).toMatch(/no "RS256" signing key of .* has the key id "unknown-0" \(its current keys were checked\)/);
    expect(provider.requests).toEqual({ discovery: 1, jwks: 2 });
  });

  it('picks up a rotated key once the interval has passed', async () => {
    await verifier.verify(await provider.sign(key), undefined);
    const rotated = await provider.addKey('ES256');
    provider.removeKey(key.kid);
    now += REFETCH_INTERVAL_MS;
    const identity = await verifier.verify(await provider.sign(rotated, { sub: 'after-rotation' }), undefined);
    expect(identity.subject).toBe('after-rotation');
    expect(provider.requests.jwks).toBe(2);
  });

  it('reads the keys again after ten minutes, so a withdrawn key stops working', async () => {
    const token = await provider.sign(key, { exp: Math.floor(now / 1000) + 3600 });
    await verifier.verify(token, undefined);
    provider.removeKey(key.kid);
    now += KEY_SET_MAX_AGE_MS - 1;
    await verifier.verify(token, undefined);
    now += 1;
    expect((await refusal(verifier.verify(token, undefined))).code).toBe('invalid_token');
    expect(provider.requests.jwks).toBe(2);
  });

  it('answers 503 while the provider fails, asking it again only after the interval', async () => {
    provider.misbehave('jwks', (_request, response) => response.writeHead(500).end());
    const token = await provider.sign(key);
    const first = await refusal(verifier.verify(token, undefined));
    expect(first).toEqual({ code: 'unavailable', message: expect.stringMatching(/could not read the signing keys of identity provider .*: the key set of .* answered HTTP 500; try again shortly/) });
    expect((await refusal(verifier.verify(token, undefined))).code).toBe('unavailable');
    expect(provider.requests.jwks).toBe(1);

    provider.misbehave('jwks', undefined);
    now += REFETCH_INTERVAL_MS;
    await verifier.verify(token, undefined);
    // A failed read discovers the provider again: its keys may have moved.
    expect(provider.requests).toEqual({ discovery: 2, jwks: 2 });
  });

  it('refuses a discovery document that names another issuer', async () => {
    provider.misbehave('discovery', (_request, response) => response.end(JSON.stringify({ issuer: 'https://evil.example', jwks_uri: `${provider.issuer}/keys` })));
    const { code, message } = await refusal(verifier.verify(await provider.sign(key), undefined));
    expect(code).toBe('unavailable');
    expect(message).toContain('names the issuer "https://evil.example"; it must be the same');
    expect(provider.requests.jwks).toBe(0);
  });

  it('refuses a key set that is not a JSON Web Key Set, and one holding a private key', async () => {
    provider.misbehave('jwks', (_request, response) => response.end(JSON.stringify({ keys: 'none' })));
    expect((await refusal(verifier.verify(await provider.sign(key), undefined))).message).toContain('is not a JSON Web Key Set');

    const leaky = await startTestIdentityProvider({ audience: AUDIENCE });
    try {
      const leaked = await leaky.addKey('ES256');
      const { exportJWK } = await import('jose');
      leaky.misbehave('jwks', async (_request, response) => response.end(JSON.stringify({ keys: [{ ...(await exportJWK(leaked.privateKey)), kid: leaked.kid, alg: 'ES256' }] })));
      const leakyVerifier = createProviderTokenVerifier([{ issuer: leaky.issuer, audience: AUDIENCE }], { clock: () => new Date(now), refetchIntervalMs: REFETCH_INTERVAL_MS });
      expect((await refusal(leakyVerifier.verify(await leaky.sign(leaked), undefined))).code).toBe('invalid_token');
    } finally {
      await leaky.stop();
    }
  });
});

describe('reading a provider document', () => {
  const keySetUrl = () => new URL(`${provider.issuer}/keys`);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => 'read',
      (error: Error) => error.message,
    );

  it('refuses plain http off loopback and other schemes without connecting', async () => {
    expect(await failure(fetchProviderDocument(new URL('http://login.example.com/keys'), 'the key set'))).toBe(
      'the key set http://login.example.com/keys: identity providers must use https (plain http only on loopback: localhost, 127.0.0.0/8, [::1])',
    );
    expect(await failure(fetchProviderDocument(new URL('file:///etc/passwd'), 'the key set'))).toBe('the key set file:///etc/passwd: identity providers must use https, not file:');
  });

  it('does not follow redirects', async () => {
    provider.misbehave('jwks', (_request, response) => response.writeHead(302, { location: 'http://login.example.com/keys' }).end());
    expect(await failure(fetchProviderDocument(keySetUrl(), 'the key set'))).toMatch(/answered HTTP 302 \(redirects are not followed\)$/);
  });

  it('refuses a document over the size cap, declared or streamed, without reading it whole', async () => {
    const size = PROVIDER_DOCUMENT_MAX_BYTES * 40;
    let written = 0;
    provider.misbehave('jwks', (_request, response) => {
      response.writeHead(200, { 'content-length': String(size) });
      response.end(Buffer.alloc(size, 0x20));
    });
    expect(await failure(fetchProviderDocument(keySetUrl(), 'the key set'))).toMatch(/is larger than 256 KiB$/);

    provider.misbehave('jwks', (_request, response) => {
      // No length: chunks until the client goes away.
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!response.destroyed && written < size && response.write(chunk)) written += chunk.length;
        if (!response.destroyed && written < size) response.once('drain', pump);
      };
      pump();
    });
    expect(await failure(fetchProviderDocument(keySetUrl(), 'the key set'))).toMatch(/is larger than 256 KiB$/);
    expect(written).toBeLessThan(size);
  });

  it('gives up on a provider that does not answer in time', async () => {
    provider.misbehave('jwks', () => undefined);
    const started = Date.now();
    expect(await failure(fetchProviderDocument(keySetUrl(), 'the key set'))).toMatch(/did not answer within 5 s$/);
    expect(Date.now() - started).toBeLessThan(PROVIDER_FETCH_TIMEOUT_MS + 2_000);
  });

  it('says so when a document is not JSON', async () => {
    provider.misbehave('jwks', (_request, response) => response.end('<html>login</html>'));
    expect(await failure(fetchProviderDocument(keySetUrl(), 'the key set'))).toMatch(/is not JSON$/);
  });
});
