import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export type TestKeyAlgorithm = 'RS256' | 'ES256';

export type TestSigningKey = {
  kid: string;
  alg: TestKeyAlgorithm;
  privateKey: CryptoKey;
  /** The public key as the key set publishes it. */
  jwk: JWK;
  /** The public key as PEM: what an HS256-with-the-public-key forgery uses as its secret. */
  publicPem: string;
};

/** Answers one request in place of the provider's own handler (a provider that misbehaves). */
export type Misbehaviour = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export type TestIdentityProvider = {
  /** `http://127.0.0.1:<port>/realms/<name>`: a path, like Keycloak's, so discovery URLs are built right. */
  issuer: string;
  /** Requests the provider has answered so far, by document. */
  requests: { discovery: number; jwks: number };
  /** Makes a key pair and publishes its public half (from the next key-set request on). */
  addKey(alg: TestKeyAlgorithm, kid?: string): Promise<TestSigningKey>;
  /** Stops publishing a key. */
  removeKey(kid: string): void;
  /**
   * A token signed by `key`: this provider's `iss`, `aud` = `audience`, a fresh `sub`, issued
   * now for five minutes, unless `claims` says otherwise (a claim set to undefined is left out).
   */
  sign(key: TestSigningKey, claims?: JWTPayload, header?: { kid?: string | undefined }): Promise<string>;
  /** Answers the key set (or, with `discovery`, the discovery document) this way until called with undefined. */
  misbehave(document: 'jwks' | 'discovery', how: Misbehaviour | undefined): void;
  stop(): Promise<void>;
};

/**
 * A minimal OpenID provider on loopback for tests: a discovery document, a key set made of
 * real keys (jose), counts of what it served, and tokens signed with those keys.
 */
export async function startTestIdentityProvider(options: { audience: string; realm?: string }): Promise<TestIdentityProvider> {
  const keys = new Map<string, TestSigningKey>();
  const requests = { discovery: 0, jwks: 0 };
  const misbehaviours: { jwks?: Misbehaviour; discovery?: Misbehaviour } = {};
  const realmPath = `/realms/${options.realm ?? 'test'}`;
  let issuer = '';

  const server = http.createServer((request, response) => {
    const document = request.url === `${realmPath}/.well-known/openid-configuration` ? 'discovery' : request.url === `${realmPath}/keys` ? 'jwks' : undefined;
    if (!document) {
      response.writeHead(404).end();
      return;
    }
    requests[document] += 1;
    const misbehaviour = misbehaviours[document];
    if (misbehaviour) {
      misbehaviour(request, response);
      return;
    }
    const body = document === 'discovery' ? { issuer, jwks_uri: `${issuer}/keys`, id_token_signing_alg_values_supported: ['RS256', 'ES256'] } : { keys: [...keys.values()].map((key) => key.jwk) };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${realmPath}`;

  let keyCount = 0;
  return {
    issuer,
    requests,
    async addKey(alg, kid = `${alg.toLowerCase()}-${(keyCount += 1)}`) {
      const pair = await generateKeyPair(alg, { extractable: true });
      const key = { kid, alg, privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' }, publicPem: await exportSPKI(pair.publicKey) };
      keys.set(kid, key);
      return key;
    },
    removeKey(kid) {
      keys.delete(kid);
    },
    async sign(key, claims = {}, header = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = Object.fromEntries(
        Object.entries({ iss: issuer, aud: options.audience, sub: `subject-${crypto.randomUUID()}`, iat: now, exp: now + 300, ...claims }).filter(([, value]) => value !== undefined),
      );
      const kid = 'kid' in header ? header.kid : key.kid;
      return new SignJWT(payload).setProtectedHeader({ alg: key.alg, typ: 'JWT', ...(kid === undefined ? {} : { kid }) }).sign(key.privateKey);
    },
    misbehave(document, how) {
      misbehaviours[document] = how;
    },
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A JWT with the given header and claims and no valid signature: `alg: none` forgeries and the like. */
export function unsignedToken(header: Record<string, unknown>, claims: JWTPayload, signature = ''): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}.${signature}`;
}

/**
 * The key-confusion forgery: an HS256 token whose HMAC secret is the provider's public key
 * (PEM), which a verifier that lets the token choose its algorithm would accept.
 */
export function publicKeyHmacToken(key: TestSigningKey, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid }).sign(new TextEncoder().encode(key.publicPem));
}
