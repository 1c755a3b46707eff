import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyHmacToken, startTestIdentityProvider, unsignedToken, type TestIdentityProvider, type TestSigningKey } from '@docket/auth/test-support/test-identity-provider';
import { PROVIDER_FETCH_TIMEOUT_MS } from '@docket/auth/oidc/fetch-provider-document';
import { apiClient } from '../support/api-client.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';
import { watchProcess } from '../support/watch-process.ts';

const MB = 1024 * 1024;
const LIMITS = { maxStallMs: 100, maxGrowthBytes: 100 * MB };

// Three providers: one that behaves (forged tokens arrive in its name), one that serves an
// endless key set and one that never answers. Default OIDC_KEY_REFETCH_SECONDS (30 s).
let honest: TestIdentityProvider;
let endless: TestIdentityProvider;
let silent: TestIdentityProvider;
let key: TestSigningKey;
let endlessKey: TestSigningKey;
let silentKey: TestSigningKey;
let docket: TestDocket;
beforeAll(async () => {
  honest = await startTestIdentityProvider({ audience: 'docket', realm: 'honest' });
  endless = await startTestIdentityProvider({ audience: 'docket', realm: 'endless' });
  silent = await startTestIdentityProvider({ audience: 'docket', realm: 'silent' });
  key = await honest.addKey('RS256');
  endlessKey = await endless.addKey('ES256');
  silentKey = await silent.addKey('ES256');
  docket = await startTestDocket({
    RUN_WORKER: 'false',
    OIDC_ISSUERS: JSON.stringify([honest, endless, silent].map((provider) => ({ issuer: provider.issuer, audience: 'docket' }))),
  });
});
afterAll(async () => {
  await docket?.stop();
  await Promise.all([honest, endless, silent].map((provider) => provider?.stop()));
});

const statusOf = async (token: string) => (await apiClient(docket.url, token).get('/api/auth/me')).status;

describe('identity-provider tokens from anonymous clients', () => {
  it('a flood of forged tokens costs one read of the key set, no stall and little memory', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: honest.issuer, aud: 'docket', sub: 'admin', email: 'ops@example.com', exp: now + 300 };
    const forge = (i: number): Promise<string> | string => {
      switch (i % 4) {
        case 0:
          return honest.sign(key, {}, { kid: `stranger-${i}` });
        case 1:
          return unsignedToken({ alg: 'none' }, claims);
        case 2:
          return publicKeyHmacToken(key, claims);
        default:
          // As large as a header line may be, with a signature that is noise.
          return unsignedToken({ alg: 'RS256', kid: key.kid }, { ...claims, padding: randomBytes(6_000).toString('base64url') }, randomBytes(256).toString('base64url'));
      }
    };
    const send = async (tokens: string[]) => {
      const statuses: number[] = [];
      for (let i = 0; i < tokens.length; i += 10) statuses.push(...(await Promise.all(tokens.slice(i, i + 10).map(statusOf))));
      return statuses;
    };
    // A real user, then a first round unmeasured: the keys are read and the code paths warm
    // before the measurement, which is of the flood, not of the process's first requests.
    expect(await statusOf(await honest.sign(key, { email: 'someone@example.com' }))).toBe(200);
    expect(await send(await Promise.all(Array.from({ length: 20 }, (_, i) => forge(i))))).toEqual(Array(20).fill(401));

    const forgeries = await Promise.all(Array.from({ length: 120 }, (_, i) => forge(i)));
    const cost = await watchProcess(() => send(forgeries));
    expect(cost.result).toEqual(Array(120).fill(401));
    expect(honest.requests).toEqual({ discovery: 1, jwks: 1 });
    expect(cost.maxEventLoopDelayMs).toBeLessThan(LIMITS.maxStallMs);
    expect(cost.rssGrowthBytes).toBeLessThan(LIMITS.maxGrowthBytes);
  });

  it('a provider serving an endless key set is read once, cut off at the cap, and costs no stall', async () => {
    endless.misbehave('jwks', (_request, response) => {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    const tokens = await Promise.all(Array.from({ length: 40 }, () => endless.sign(endlessKey)));
    const cost = await watchProcess(() => Promise.all(tokens.map(statusOf)));
    expect(cost.result).toEqual(Array(40).fill(503));
    expect(endless.requests.jwks).toBe(1);
    expect(cost.maxEventLoopDelayMs).toBeLessThan(LIMITS.maxStallMs);
    expect(cost.rssGrowthBytes).toBeLessThan(LIMITS.maxGrowthBytes);

    // The failure is remembered: until OIDC_KEY_REFETCH_SECONDS pass, nobody asks the provider again.
    const started = Date.now();
    expect(await statusOf(tokens[0]!)).toBe(503);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(endless.requests.jwks).toBe(1);
  });

  it('a provider that never answers holds requests for the fetch timeout at most, all sharing one read', async () => {
    silent.misbehave('jwks', () => undefined);
    const tokens = await Promise.all(Array.from({ length: 40 }, () => silent.sign(silentKey)));
    const started = Date.now();
    const cost = await watchProcess(() => Promise.all(tokens.map(statusOf)));
    expect(cost.result).toEqual(Array(40).fill(503));
    expect(Date.now() - started).toBeLessThan(PROVIDER_FETCH_TIMEOUT_MS + 2_000);
    expect(silent.requests.jwks).toBe(1);
    expect(cost.maxEventLoopDelayMs).toBeLessThan(LIMITS.maxStallMs);
  });
});
