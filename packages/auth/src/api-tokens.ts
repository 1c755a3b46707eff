import { randomBytes } from 'node:crypto';
import { AppError } from '@docket/contracts/app-error';
import type { Role } from '@docket/contracts/auth';
import { OPERATOR_SCOPES, grantableScopes, type ApiToken, type CreateTokenRequest, type CreatedApiToken, type TokenScope } from '@docket/contracts/tokens';
import { isUuid } from '@docket/contracts/common';
import type { Db } from '@docket/db/create-prisma';
import type { ApiToken as ApiTokenRow } from '@docket/db/generated/prisma/client';
import { hashToken } from './hash-token.ts';

export const API_TOKEN_PREFIX = 'dkt_';

function present(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as TokenScope[],
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * Mints a token for scripts; the token itself is returned only here, the database keeps its
 * hash. A scope the user may not grant (`admin:read` from anyone but an operator, by the role
 * in the database now) is refused before anything is stored.
 * @throws AppError forbidden
 */
export async function createApiToken(db: Db, userId: string, input: CreateTokenRequest, now: Date): Promise<CreatedApiToken> {
  await checkGrantable(db, userId, input.scopes);
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db.apiToken.create({
    data: {
      userId,
      name: input.name,
      scopes: input.scopes,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: input.expires_in_days ? new Date(now.getTime() + input.expires_in_days * 86_400_000) : null,
    },
  });
  return { ...present(row), token };
}

async function checkGrantable(db: Db, userId: string, scopes: TokenScope[]): Promise<void> {
  // Most tokens ask for nothing an operator must grant: no query for those.
  if (!scopes.some((scope) => OPERATOR_SCOPES.includes(scope))) return;
  const { role } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
  const refused = scopes.filter((scope) => !grantableScopes(role).includes(scope));
  if (refused.length > 0) {
    throw new AppError('forbidden', `only a system admin or super admin can give a token the ${refused.join(', ')} scope`, { scopes: refused });
  }
}

/** The user's live tokens (not revoked), newest first, without their values. */
export async function listApiTokens(db: Db, userId: string): Promise<{ items: ApiToken[]; next_cursor: null }> {
  const rows = await db.apiToken.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: 'desc' } });
  return { items: rows.map(present), next_cursor: null };
}

/** Revokes a token of `userId`; it stops working with the next request. @throws AppError not_found */
export async function revokeApiToken(db: Db, userId: string, tokenId: string, now: Date): Promise<void> {
  const { count } = isUuid(tokenId) ? await db.apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: now } }) : { count: 0 };
  if (count === 0) throw new AppError('not_found', 'token not found');
}

export type TokenIdentity = { userId: string; role: Role; scopes: TokenScope[]; tokenId: string };

/** last_used_at is written at most once a minute: a busy script's token costs no write per request. */
const RECORD_EVERY_MS = 60_000;

/**
 * The identity behind a `dkt_` token, checked against the database on every request, so a
 * revoked or expired token stops working at once.
 * @throws AppError invalid_token | token_expired (401)
 */
export async function verifyApiToken(db: Db, token: string, now: Date): Promise<TokenIdentity> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { role: true } } } });
  if (!row || row.revokedAt) throw new AppError('invalid_token', 'API token is invalid or revoked');
  if (row.expiresAt && row.expiresAt <= now) throw new AppError('token_expired', 'API token has expired; create a new one');
  if (now.getTime() - (row.lastUsedAt?.getTime() ?? 0) >= RECORD_EVERY_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { userId: row.userId, role: row.user.role, scopes: row.scopes as TokenScope[], tokenId: row.id };
}
