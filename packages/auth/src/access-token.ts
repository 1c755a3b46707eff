import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '@docket/contracts/app-error';
import { RoleSchema, type Role } from '@docket/contracts/auth';

/** Access tokens live 15 minutes (docs/design.md#auth); refresh tokens renew them. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** The `iss` of Docket's own access tokens: what tells them from an identity provider's. */
export const ACCESS_TOKEN_ISSUER = 'docket';

export type AccessClaims = {
  userId: string;
  role: Role;
  /** Set for API tokens only: what the token may do. A signed-in user (JWT) may do everything. */
  scopes?: readonly string[];
  /** Set for API tokens only: which token it is (per-token rate limits). */
  tokenId?: string;
  /** Set for API tokens only: the one organisation the token acts in. */
  organizationId?: string;
};

/**
 * The secret as a KeyObject, made once per secret. Given a string, jsonwebtoken first tries
 * to parse it as a PEM public key on every call and catches the failure: that was a third
 * of the API's CPU under load on GET /api/history/stats (bench/, BENCHMARKS.md).
 */
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export function signAccessToken(secret: string, claims: AccessClaims): string {
  return jwt.sign({ role: claims.role }, keyFor(secret), {
    algorithm: 'HS256',
    subject: claims.userId,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    issuer: ACCESS_TOKEN_ISSUER,
  });
}

/**
 * Verifies an access token with the algorithm pinned to HS256: `alg: none`, RS/HS
 * confusion and tokens signed with another secret are all rejected.
 * @throws AppError token_expired | invalid_token (both 401)
 */
export function verifyAccessToken(secret: string, token: string): AccessClaims {
  try {
    const payload = jwt.verify(token, keyFor(secret), { algorithms: ['HS256'], issuer: ACCESS_TOKEN_ISSUER });
    // A role this version does not know (`admin`, from before the operator roles) is malformed:
    // the client refreshes and gets a token with the current role.
    const role = typeof payload === 'string' ? undefined : RoleSchema.safeParse(payload.role).data;
    if (typeof payload === 'string' || typeof payload.sub !== 'string' || !role) {
      throw new AppError('invalid_token', 'access token is malformed');
    }
    return { userId: payload.sub, role };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof jwt.TokenExpiredError) throw new AppError('token_expired', 'access token has expired; refresh it');
    throw new AppError('invalid_token', 'access token is invalid');
  }
}
