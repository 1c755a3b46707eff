import { randomBytes } from 'node:crypto';
import { AppError } from '@docket/contracts/app-error';
import type { Role } from '@docket/contracts/auth';
import { OPERATOR_SCOPES, grantableScopes, type ApiToken, type CreateTokenRequest, type CreatedApiToken, type TokenScope } from '@docket/contracts/tokens';
import { isUuid } from '@docket/contracts/common';
import { mayDo, type OrganizationCaller } from '@docket/contracts/organizations';
import type { Db, Tx } from '@docket/db/create-prisma';
import type { ApiToken as ApiTokenRow } from '@docket/db/generated/prisma/client';
import { hashToken } from './hash-token.ts';
import { requirePermissionLocked } from './organizations/memberships.ts';

export const API_TOKEN_PREFIX = 'dkt_';

function present(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    user_id: row.userId,
    scopes: row.scopes as TokenScope[],
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * Mints a token for scripts, bound to the caller's organisation and acting as the caller
 * there (it stops working if they leave). The token itself is returned only here, the
 * database keeps its hash. A scope the user may not grant (`admin:read` from anyone but an
 * operator, by the role in the database now) is refused before anything is stored. The
 * membership is read again under the organisation's lock in the transaction that inserts: a
 * member removed a moment ago mints nothing.
 * @throws AppError forbidden
 */
export async function createApiToken(db: Db, caller: OrganizationCaller, input: CreateTokenRequest, now: Date): Promise<CreatedApiToken> {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db.$transaction(async (tx) => {
    await requirePermissionLocked(tx, caller, 'use', 'creating API tokens');
    await checkGrantable(tx, caller.userId, input.scopes);
    return tx.apiToken.create({
      data: {
        organizationId: caller.organizationId,
        userId: caller.userId,
        name: input.name,
        scopes: input.scopes,
        tokenHash: hashToken(token),
        createdAt: now,
        expiresAt: input.expires_in_days ? new Date(now.getTime() + input.expires_in_days * 86_400_000) : null,
      },
    });
  });
  return { ...present(row), token };
}

async function checkGrantable(db: Db | Tx, userId: string, scopes: TokenScope[]): Promise<void> {
  // Most tokens ask for nothing an operator must grant: no query for those.
  if (!scopes.some((scope) => OPERATOR_SCOPES.includes(scope))) return;
  const { role } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
  const refused = scopes.filter((scope) => !grantableScopes(role).includes(scope));
  if (refused.length > 0) {
    throw new AppError('forbidden', `only a system admin or super admin can give a token the ${refused.join(', ')} scope`, { scopes: refused });
  }
}

/**
 * The organisation's live tokens (not revoked), newest first, without their values: the
 * caller's own, or every member's for owners and admins.
 */
export async function listApiTokens(db: Db, caller: OrganizationCaller): Promise<{ items: ApiToken[]; next_cursor: null }> {
  const rows = await db.apiToken.findMany({ where: { ...tokensOf(caller), revokedAt: null }, orderBy: { createdAt: 'desc' } });
  return { items: rows.map(present), next_cursor: null };
}

/**
 * Revokes a token the caller may manage (their own; any of the organisation's for owners and
 * admins); it stops working with the next request. Which tokens those are is decided by the
 * role read again under the organisation's lock: an admin demoted a moment ago revokes only
 * their own. @throws AppError not_found, forbidden (no longer a member)
 */
export async function revokeApiToken(db: Db, caller: OrganizationCaller, tokenId: string, now: Date): Promise<void> {
  if (!isUuid(tokenId)) throw new AppError('not_found', 'token not found');
  const { count } = await db.$transaction(async (tx) => {
    const locked = await requirePermissionLocked(tx, caller, 'use', 'revoking API tokens');
    return tx.apiToken.updateMany({ where: { id: tokenId, ...tokensOf(locked), revokedAt: null }, data: { revokedAt: now } });
  });
  if (count === 0) throw new AppError('not_found', 'token not found');
}

const tokensOf = (caller: OrganizationCaller) =>
  mayDo(caller.role, 'manageJobs') ? { organizationId: caller.organizationId } : { organizationId: caller.organizationId, userId: caller.userId };

/** Who a token acts as, where, and what it may do. */
export type TokenIdentity = { userId: string; role: Role; scopes: TokenScope[]; tokenId: string; organizationId: string };

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
  return { userId: row.userId, role: row.user.role, scopes: row.scopes as TokenScope[], tokenId: row.id, organizationId: row.organizationId };
}
