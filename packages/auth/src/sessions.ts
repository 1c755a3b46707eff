import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '@docket/contracts/app-error';
import type { AuthResult, LoginRequest, RegisterRequest, User } from '@docket/contracts/auth';
import type { Db } from '@docket/db/create-prisma';
import type { User as UserRow } from '@docket/db/generated/prisma/client';
import { Prisma } from '@docket/db/generated/prisma/client';
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from './access-token.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { createAccount } from './accounts.ts';
import { hashToken } from './hash-token.ts';
import type { Clock } from '@docket/contracts/clock';

export type AuthDeps = {
  db: Db;
  jwtSecret: string;
  passwords: PasswordHasher;
  clock: Clock;
};

/** Refresh tokens (and the dashboard's refresh cookie) live 30 days. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

export function presentUser(user: Pick<UserRow, 'id' | 'email' | 'role' | 'createdAt'>): User {
  return { id: user.id, email: user.email, role: user.role, created_at: user.createdAt.toISOString() };
}

/**
 * Creates an account and signs it in. Every account starts as a plain user: admins are made
 * by the operator (`docket users promote`, ADMIN_EMAIL + ADMIN_PASSWORD), never by sign-up.
 * @throws AppError email_taken (409); unavailable (503) when password checks are queued too long
 */
export async function register(deps: AuthDeps, input: RegisterRequest): Promise<AuthResult> {
  const passwordHash = await deps.passwords.hash(input.password);
  try {
    const user = await createAccount(deps.db, { email: input.email, passwordHash, role: 'user', now: deps.clock() });
    return issueTokens(deps, user, randomUUID());
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('email_taken', 'an account with this email already exists');
    }
    throw error;
  }
}

/**
 * Signs in; unknown email and wrong password are the same 401, after the same work. A hash
 * made with older parameters is replaced by one made with the current ones.
 * @throws AppError invalid_credentials (401); unavailable (503) when password checks are queued too long
 */
export async function login(deps: AuthDeps, input: LoginRequest): Promise<AuthResult> {
  const user = await deps.db.user.findUnique({ where: { email: input.email } });
  // An account created by an identity provider has no password: it is checked against the
  // throwaway hash like an unknown email, so it is refused after the same work.
  const valid = await deps.passwords.verify(input.password, user?.passwordHash ?? undefined);
  if (!user?.passwordHash || !valid) throw new AppError('invalid_credentials', 'email or password is incorrect');
  if (deps.passwords.isOutdated(user.passwordHash)) {
    await deps.db.user.update({ where: { id: user.id }, data: { passwordHash: await deps.passwords.hash(input.password) } });
  }
  return issueTokens(deps, user, randomUUID());
}

/**
 * Rotates a refresh token: the presented token is spent and its successor returned. A token
 * presented twice means it leaked (or a client raced itself): the whole family — every
 * token descended from that login — is revoked and the call is refused.
 * @throws AppError invalid_token | token_expired (401)
 */
export async function refresh(deps: AuthDeps, refreshToken: string): Promise<AuthResult> {
  const now = deps.clock();
  const stored = await deps.db.refreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) }, include: { user: true } });
  if (!stored || stored.revokedAt) throw new AppError('invalid_token', 'refresh token is invalid or revoked; sign in again');
  if (stored.expiresAt <= now) throw new AppError('token_expired', 'refresh token has expired; sign in again');

  // Spend the token only if nobody spent it before us; losing this race is reuse too.
  const spent = await deps.db.refreshToken.updateMany({ where: { id: stored.id, usedAt: null, revokedAt: null }, data: { usedAt: now } });
  if (spent.count === 0) {
    await revokeFamily(deps.db, stored.familyId, now);
    throw new AppError('invalid_token', 'refresh token was already used; every session of this sign-in has been revoked, sign in again');
  }
  return issueTokens(deps, stored.user, stored.familyId);
}

/** The account a live refresh token belongs to, if any: what the per-account refresh limit counts. */
export async function refreshTokenOwner(db: Db, refreshToken: string): Promise<string | undefined> {
  const stored = await db.refreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) }, select: { userId: true, revokedAt: true } });
  return stored && !stored.revokedAt ? stored.userId : undefined;
}

/** Ends the sign-in the refresh token belongs to. Unknown tokens are ignored (logout is idempotent). */
export async function logout(deps: AuthDeps, refreshToken: string): Promise<void> {
  const stored = await deps.db.refreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) }, select: { familyId: true } });
  if (stored) await revokeFamily(deps.db, stored.familyId, deps.clock());
}

/** @throws AppError invalid_token when the account behind a valid token is gone. */
export async function getMe(db: Db, userId: string): Promise<User> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError('invalid_token', 'the account of this token no longer exists');
  return presentUser(user);
}

async function issueTokens(deps: AuthDeps, user: UserRow, familyId: string): Promise<AuthResult> {
  const now = deps.clock();
  const refreshToken = `drt_${randomBytes(32).toString('base64url')}`;
  await deps.db.refreshToken.create({
    data: { userId: user.id, familyId, tokenHash: hashToken(refreshToken), expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS), createdAt: now },
  });
  return {
    user: presentUser(user),
    access_token: signAccessToken(deps.jwtSecret, { userId: user.id, role: user.role }),
    refresh_token: refreshToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
  };
}

async function revokeFamily(db: Db, familyId: string, now: Date): Promise<void> {
  await db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
}
