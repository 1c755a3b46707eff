import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyHmacToken, startTestIdentityProvider, unsignedToken, type TestIdentityProvider, type TestSigningKey } from '@docket/auth/test-support/test-identity-provider';
import { UserSchema } from '@docket/contracts/auth';
import { loadApiConfig, providerSignInSettings } from '../src/config.ts';
import { apiClient, signUp } from './support/api-client.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

const REFETCH_SECONDS = 1;
const waitOutRefetchInterval = () => new Promise((resolve) => setTimeout(resolve, REFETCH_SECONDS * 1000 + 100));
const freshEmail = () => `idp-${randomUUID()}@example.com`;

/** GET /api/auth/me with a bearer token (and a realmname header when given). */
async function me(docket: TestDocket, token: string, realm?: string) {
  return apiClient(docket.url, token).get('/api/auth/me', realm === undefined ? {} : { realmname: realm });
}

describe('OIDC settings', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadApiConfig(env);
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('take one provider or a list, https or loopback http, exactly as written', () => {
    expect(providerSignInSettings(loadApiConfig({}))).toBeUndefined();
    expect(providerSignInSettings(loadApiConfig({ OIDC_ISSUER: 'https://login.example.com/realms/acme/', OIDC_AUDIENCE: 'docket' }))).toEqual({
      providers: [{ issuer: 'https://login.example.com/realms/acme/', audience: 'docket' }],
      keyRefetchIntervalMs: 30_000,
      linkByVerifiedEmail: false,
      membersPerOrganization: 1000,
    });
    const list = [
      { issuer: 'http://localhost:8080/realms/a', audience: 'docket', realm: 'a' },
      { issuer: 'http://[::1]:8080', audience: 'docket' },
    ];
    expect(providerSignInSettings(loadApiConfig({ OIDC_ISSUERS: JSON.stringify(list), OIDC_KEY_REFETCH_SECONDS: '5' }))?.providers).toEqual(list);
  });

  it('refuse what would weaken or confuse verification, saying what is wrong', () => {
    expect(problems({ OIDC_ISSUER: 'https://login.example.com' })).toMatch(/OIDC_AUDIENCE: OIDC_ISSUER and OIDC_AUDIENCE go together/);
    expect(problems({ OIDC_ISSUER: 'http://login.example.com', OIDC_AUDIENCE: 'docket' })).toMatch(/OIDC_ISSUER: http:\/\/login\.example\.com: identity providers must use https \(plain http only on loopback/);
    expect(problems({ OIDC_ISSUER: 'https://login.example.com/?tenant=1', OIDC_AUDIENCE: 'docket' })).toMatch(/an OpenID issuer has no query or fragment/);
    expect(problems({ OIDC_ISSUER: 'login.example.com', OIDC_AUDIENCE: 'docket' })).toMatch(/not a URL/);
    const one = { issuer: 'https://a.example', audience: 'docket', realm: 'a' };
    expect(problems({ OIDC_ISSUER: 'https://b.example', OIDC_AUDIENCE: 'docket', OIDC_ISSUERS: JSON.stringify([one]) })).toMatch(/OIDC_ISSUERS: set OIDC_ISSUER .* or OIDC_ISSUERS .*, not both/);
    expect(problems({ OIDC_ISSUERS: '{issuer: https://a.example}' })).toMatch(/OIDC_ISSUERS must be a JSON array such as/);
    expect(problems({ OIDC_ISSUERS: '[]' })).toMatch(/lists at least one provider/);
    expect(problems({ OIDC_ISSUERS: JSON.stringify([{ issuer: 'https://a.example' }]) })).toMatch(/OIDC_ISSUERS\.0\.audience: /);
    expect(problems({ OIDC_ISSUERS: JSON.stringify([{ ...one, audiences: ['x'] }]) })).toMatch(/OIDC_ISSUERS\.0: Unrecognized key: "audiences"/);
    expect(problems({ OIDC_ISSUERS: JSON.stringify([one, { ...one, realm: 'b' }]) })).toMatch(/names an issuer twice/);
    expect(problems({ OIDC_ISSUERS: JSON.stringify([one, { ...one, issuer: 'https://b.example' }]) })).toMatch(/names a realm twice/);
  });
});

/** Two providers, as OIDC_ISSUERS configures them: realm `alpha` and realm `beta`, each with its own audience. */
describe('identity-provider tokens', () => {
  let alpha: TestIdentityProvider;
  let beta: TestIdentityProvider;
  let rsa: TestSigningKey;
  let ec: TestSigningKey;
  let betaKey: TestSigningKey;
  let docket: TestDocket;

  beforeAll(async () => {
    alpha = await startTestIdentityProvider({ audience: 'docket-alpha', realm: 'alpha' });
    beta = await startTestIdentityProvider({ audience: 'docket-beta', realm: 'beta' });
    rsa = await alpha.addKey('RS256');
    ec = await alpha.addKey('ES256');
    betaKey = await beta.addKey('ES256');
    docket = await startTestDocket({
      RUN_WORKER: 'false',
      OIDC_ISSUERS: JSON.stringify([
        { issuer: alpha.issuer, audience: 'docket-alpha', realm: 'alpha' },
        { issuer: beta.issuer, audience: 'docket-beta', realm: 'beta' },
      ]),
      OIDC_KEY_REFETCH_SECONDS: String(REFETCH_SECONDS),
    });
  });
  afterAll(async () => {
    await docket?.stop();
    await alpha?.stop();
    await beta?.stop();
  });

  it('signs in with an RS256 token, creating the account on first sight and finding it again after', async () => {
    const email = freshEmail();
    const first = await me(docket, await alpha.sign(rsa, { sub: 'rs-user', email }));
    expect(first.status).toBe(200);
    const user = UserSchema.parse(first.body);
    expect(user).toMatchObject({ email, role: 'user' });
    // Like every account, it comes with its personal organisation, where its work goes.
    const organizations = await apiClient(docket.url, await alpha.sign(rsa, { sub: 'rs-user', email })).get('/api/organizations');
    expect(organizations.body.items).toEqual([expect.objectContaining({ personal: true, role: 'owner' })]);

    const second = await me(docket, await alpha.sign(rsa, { sub: 'rs-user', email: freshEmail() }));
    expect(second.body).toEqual(user);
    expect(await docket.db.userIdentity.findMany({ where: { userId: user.id }, select: { issuer: true, subject: true } })).toEqual([{ issuer: alpha.issuer, subject: 'rs-user' }]);
    // A provider's account has no password: signing in with one is refused like a wrong password.
    expect((await docket.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
    const login = await apiClient(docket.url).post('/api/auth/login', { email, password: 'any password at all' });
    expect([login.status, login.body.error.code]).toEqual([401, 'invalid_credentials']);
  });

  it('signs in with an ES256 token on every kind of authenticated route, as a signed-in user', async () => {
    const client = apiClient(docket.url, await alpha.sign(ec, { email: freshEmail() }));
    expect((await client.get('/api/history/stats')).body.total_jobs).toBe(0);
    const upload = await client.upload([{ name: 'note.txt', content: 'hello from a provider account' }]);
    expect(upload.status).toBe(202);
    expect((await client.get(`/api/jobs/${upload.body.id}`)).status).toBe(200);
    // Routes that refuse API tokens accept it: it is a user session.
    expect((await client.get('/api/tokens')).status).toBe(200);
    expect((await client.post('/api/webhook-endpoints', { name: 'from idp' })).status).toBe(201);
  });

  it('creates one account when the first requests of an identity arrive together', async () => {
    const email = freshEmail();
    const tokens = await Promise.all(Array.from({ length: 6 }, () => alpha.sign(rsa, { sub: 'racer', email })));
    const replies = await Promise.all(tokens.map((token) => me(docket, token)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(6).fill(200));
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
    expect(await docket.db.user.count({ where: { email } })).toBe(1);
  });

  describe('refuses, with 401 and a message that says why,', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const refusals: Array<[string, () => Promise<string>, string, RegExp]> = [
      ['an expired token', () => alpha.sign(rsa, { email: freshEmail(), iat: now() - 600, exp: now() - 120 }), 'token_expired', /^provider token has expired; get a new one from http:\/\/127\.0\.0\.1:\d+\/realms\/alpha$/],
      ['a token not valid yet', () => alpha.sign(rsa, { email: freshEmail(), nbf: now() + 300 }), 'invalid_token', /not valid yet \(nbf is in the future\)/],
      ['a token for another audience', () => alpha.sign(rsa, { email: freshEmail(), aud: 'some-other-app' }), 'invalid_token', /not meant for Docket: its audience \(aud\) does not include "docket-alpha"/],
      ['a token of an issuer that is not configured', () => alpha.sign(rsa, { iss: 'https://login.evil.example', email: freshEmail() }), 'invalid_token', /issued by "https:\/\/login\.evil\.example" are not accepted/],
      ['a token signed by one provider in the name of the other', () => alpha.sign(rsa, { iss: beta.issuer, aud: 'docket-beta', email: freshEmail() }), 'invalid_token', /no "RS256" signing key of .*\/realms\/beta has the key id "rs256-1"/],
      ['a token whose key id is unknown', () => alpha.sign(rsa, { email: freshEmail() }, { kid: 'never-published' }), 'invalid_token', /has the key id "never-published" \(its current keys were checked\)/],
      ['an unsigned token (alg: none)', async () => unsignedToken({ alg: 'none', typ: 'JWT' }, { iss: alpha.issuer, aud: 'docket-alpha', sub: 'admin', email: freshEmail(), exp: now() + 300 }), 'invalid_token', /must be signed with RS256 or ES256; this one says "none"/],
      [
        'an HS256 token keyed with the provider’s public key',
        () => publicKeyHmacToken(rsa, { iss: alpha.issuer, aud: 'docket-alpha', sub: 'admin', email: freshEmail(), exp: now() + 300 }),
        'invalid_token',
        /this one says "HS256"/,
      ],
      ['an ES256 token naming an RSA key', () => alpha.sign(ec, { email: freshEmail() }, { kid: rsa.kid }), 'invalid_token', /no "ES256" signing key of .* has the key id "rs256-1"/],
      ['a token whose signature was tampered with', async () => (await alpha.sign(rsa, { email: freshEmail() })).replace(/.{4}$/, 'AAAA'), 'invalid_token', /signature does not verify/],
      ['a first sight without an email claim', () => alpha.sign(rsa), 'invalid_token', /carries no email claim, which Docket needs to create the account/],
      ['a first sight with an email that is no address', () => alpha.sign(rsa, { email: 'not an address' }), 'invalid_token', /email claim .* is not a valid email address/],
    ];
    for (const [what, token, code, message] of refusals) {
      it(what, async () => {
        const reply = await me(docket, await token());
        expect({ status: reply.status, code: reply.body.error.code }).toEqual({ status: 401, code });
        expect(reply.body.error.message).toMatch(message);
      });
    }

    it('a first sight whose email belongs to a password account (no takeover by email)', async () => {
      const { auth } = await signUp(docket.url);
      const reply = await me(docket, await alpha.sign(rsa, { email: auth.user.email, email_verified: true }));
      expect(reply.status).toBe(401);
      expect(reply.body.error.message).toMatch(/an account with the email .* already exists and is not linked to .*: accounts are not linked by email here \(OIDC_LINK_BY_VERIFIED_EMAIL\)/);
      expect(await docket.db.userIdentity.count({ where: { userId: auth.user.id } })).toBe(0);
    });
  });

  it('lets realmname pick the provider, and refuses a token of one provider under the other’s realm', async () => {
    const alphaUser = await me(docket, await alpha.sign(rsa, { sub: 'same-subject', email: freshEmail() }), 'alpha');
    const betaUser = await me(docket, await beta.sign(betaKey, { sub: 'same-subject', email: freshEmail() }), 'beta');
    expect([alphaUser.status, betaUser.status]).toEqual([200, 200]);
    expect(alphaUser.body.id).not.toBe(betaUser.body.id);
    // Without the header, the token's issuer picks the provider.
    expect((await me(docket, await beta.sign(betaKey, { sub: 'same-subject' }))).body.id).toBe(betaUser.body.id);

    const jwksBefore = { ...alpha.requests };
    const crossed = await me(docket, await beta.sign(betaKey, { sub: 'same-subject' }), 'alpha');
    expect([crossed.status, crossed.body.error.code]).toEqual([401, 'invalid_token']);
    expect(crossed.body.error.message).toMatch(/issued by ".*\/realms\/beta", not by .*\/realms\/alpha, the identity provider of realm "alpha"/);
    expect(alpha.requests).toEqual(jwksBefore);

    const unknown = await me(docket, await alpha.sign(rsa, { sub: 'same-subject' }), 'gamma');
    expect([unknown.status, unknown.body.error.message]).toEqual([401, 'no identity provider is configured for the realm "gamma" (realmname header)']);
  });

  it('picks up a rotated key: a token naming a newly published key id is accepted', async () => {
    await me(docket, await alpha.sign(rsa, { sub: 'rotation', email: freshEmail() }));
    const rotated = await alpha.addKey('RS256', `rotated-${randomUUID()}`);
    await waitOutRefetchInterval();
    const before = alpha.requests.jwks;
    const reply = await me(docket, await alpha.sign(rotated, { sub: 'rotation' }));
    expect(reply.status).toBe(200);
    expect(alpha.requests.jwks).toBe(before + 1);
  });

  it('reads the key set at most once per OIDC_KEY_REFETCH_SECONDS for unknown key ids, however many arrive', async () => {
    const strangers = await Promise.all(Array.from({ length: 30 }, (_, i) => alpha.sign(rsa, { email: freshEmail() }, { kid: `stranger-${i}` })));
    await waitOutRefetchInterval();
    const before = alpha.requests.jwks;
    const started = Date.now();
    const replies = await Promise.all(strangers.map((token) => me(docket, token)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(30).fill(401));
    for (const token of strangers.slice(0, 10)) expect((await me(docket, token)).status).toBe(401);
    // One read for the 40 tokens (a machine slow enough to spread them over several intervals may make one per interval).
    const intervals = Math.ceil((Date.now() - started) / (REFETCH_SECONDS * 1000));
    expect(alpha.requests.jwks - before).toBeGreaterThanOrEqual(1);
    expect(alpha.requests.jwks - before).toBeLessThanOrEqual(intervals);
  });
});

/** One provider, as OIDC_ISSUER + OIDC_AUDIENCE configure it, with linking by verified email allowed. */
describe('identity-provider tokens with OIDC_LINK_BY_VERIFIED_EMAIL', () => {
  let provider: TestIdentityProvider;
  let key: TestSigningKey;
  let docket: TestDocket;

  beforeAll(async () => {
    provider = await startTestIdentityProvider({ audience: 'docket' });
    key = await provider.addKey('RS256');
    docket = await startTestDocket({ RUN_WORKER: 'false', OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: 'docket', OIDC_LINK_BY_VERIFIED_EMAIL: 'true' });
  });
  afterAll(async () => {
    await docket?.stop();
    await provider?.stop();
  });

  it('links a verified email to the existing account, which keeps its password', async () => {
    const { auth, password } = await signUp(docket.url);
    const email = auth.user.email;

    const unverified = await me(docket, await provider.sign(key, { sub: 'linker', email, email_verified: false }));
    expect(unverified.status).toBe(401);
    expect(unverified.body.error.message).toMatch(/has not verified this address \(email_verified is not true\)/);

    const verified = await me(docket, await provider.sign(key, { sub: 'linker', email, email_verified: true }));
    expect(verified.status).toBe(200);
    expect(verified.body.id).toBe(auth.user.id);
    expect((await apiClient(docket.url).post('/api/auth/login', { email, password })).status).toBe(200);
    // Linked now: later tokens need no verified email.
    expect((await me(docket, await provider.sign(key, { sub: 'linker' }))).body.id).toBe(auth.user.id);
  });

  it('does not take a realmname for a provider configured without one', async () => {
    const reply = await me(docket, await provider.sign(key, { email: freshEmail() }), 'anything');
    expect([reply.status, reply.body.error.code]).toEqual([401, 'invalid_token']);
  });

  it('leaves Docket’s own access tokens and API tokens as they were', async () => {
    const { client, auth } = await signUp(docket.url);
    expect((await client.get('/api/auth/me')).body.id).toBe(auth.user.id);
    expect((await client.get('/api/auth/me', { realmname: 'anything' })).body.id).toBe(auth.user.id);
    const created = await client.post('/api/tokens', { name: 'script', scopes: ['jobs:read'] });
    expect((await apiClient(docket.url, created.body.token).get('/api/auth/me')).body.id).toBe(auth.user.id);
  });
});
