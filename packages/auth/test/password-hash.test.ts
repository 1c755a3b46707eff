import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/password-hash.ts';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse', 1024);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    expect(await hashPassword('same', 1024)).not.toBe(await hashPassword('same', 1024));
  });

  it('keeps verifying hashes made with an older cost', async () => {
    const old = await hashPassword('pw', 1024);
    const newer = await hashPassword('pw', 4096);
    expect(old.split('$')[1]).toBe('1024');
    expect(await verifyPassword('pw', old)).toBe(true);
    expect(await verifyPassword('pw', newer)).toBe(true);
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    expect(await verifyPassword('pw', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('pw', 'bcrypt$10$abc$def')).toBe(false);
  });
});
