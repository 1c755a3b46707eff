import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { AppError } from '@docket/contracts/app-error';
import { signAccessToken, verifyAccessToken } from '../src/access-token.ts';

const SECRET = 'a-secret-that-is-at-least-thirty-two-bytes-long';
const userId = '9b2f3c1e-8a4d-4f6b-9c0d-1e2f3a4b5c6d';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
};

describe('access tokens', () => {
  it('round-trips the user id and each role', () => {
    for (const role of ['user', 'system_admin', 'super_admin'] as const) {
      expect(verifyAccessToken(SECRET, signAccessToken(SECRET, { userId, role }))).toEqual({ userId, role });
    }
  });

  it('rejects a token naming a role this version does not know (the single admin role of before)', () => {
    const token = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', subject: userId, issuer: 'docket' });
    expect(codeOf(() => verifyAccessToken(SECRET, token))).toBe('invalid_token');
  });

  it('expires after 15 minutes', () => {
    const token = signAccessToken(SECRET, { userId, role: 'user' });
    const { exp, iat } = jwt.decode(token) as { exp: number; iat: number };
    expect(exp - iat).toBe(900);
  });

  it('rejects another HMAC algorithm even with the right secret (algorithm pinned)', () => {
    const token = jwt.sign({ role: 'user' }, SECRET, { algorithm: 'HS512', subject: userId, issuer: 'docket' });
    expect(codeOf(() => verifyAccessToken(SECRET, token))).toBe('invalid_token');
  });

  it('rejects a token without a role or subject', () => {
    const token = jwt.sign({}, SECRET, { algorithm: 'HS256', issuer: 'docket' });
    expect(codeOf(() => verifyAccessToken(SECRET, token))).toBe('invalid_token');
  });

  it('rejects garbage', () => {
    expect(codeOf(() => verifyAccessToken(SECRET, 'garbage'))).toBe('invalid_token');
  });
});
