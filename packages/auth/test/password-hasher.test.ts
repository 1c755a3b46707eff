import { describe, expect, it } from 'vitest';
import { AppError } from '@docket/contracts/app-error';
import { hashPassword } from '../src/password-hash.ts';
import { createPasswordHasher } from '../src/password-hasher.ts';

describe('password hasher', () => {
  it('lets exactly `concurrency` hashes run at once: the others wait, and time out when one hash outlasts the queue timeout', async () => {
    // One hash at this cost takes far longer than 20 ms, so only the two with a slot finish.
    const hasher = createPasswordHasher({ cost: 2 ** 14, concurrency: 2, queueTimeoutMs: 20 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => hasher.hash(`password ${i}`)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
  });

  it('serves waiting hashes in arrival order', async () => {
    const hasher = createPasswordHasher({ cost: 2 ** 12, concurrency: 1, queueTimeoutMs: 30_000 });
    const finished: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => hasher.hash(`password ${i}`).then(() => finished.push(i))));
    expect(finished).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('answers 503 unavailable to a hash that waited longer than the queue timeout, and says so', async () => {
    let timeouts = 0;
    const hasher = createPasswordHasher({ cost: 2 ** 14, concurrency: 1, queueTimeoutMs: 20 }, () => (timeouts += 1));
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => hasher.hash('pw')));
    const refused = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason as unknown);
    expect(results[0]!.status).toBe('fulfilled');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((reason) => reason instanceof AppError && reason.code === 'unavailable' && reason.status === 503)).toBe(true);
    expect(timeouts).toBe(refused.length);
    // The slot was handed on, not lost: the hasher still works.
    await expect(hasher.hash('pw')).resolves.toMatch(/^scrypt\$16384\$8\$3\$/);
  });

  it('verifies an unknown account against a throwaway hash, so the answer is the same "no"', async () => {
    const hasher = createPasswordHasher({ cost: 1024, concurrency: 2, queueTimeoutMs: 5_000 });
    const stored = await hasher.hash('right');
    expect(await hasher.verify('right', stored)).toBe(true);
    expect(await hasher.verify('wrong', stored)).toBe(false);
    expect(await hasher.verify('right', undefined)).toBe(false);
  });

  it('calls a hash made with other parameters outdated', async () => {
    const hasher = createPasswordHasher({ cost: 2048, concurrency: 1, queueTimeoutMs: 5_000 });
    expect(hasher.isOutdated(await hasher.hash('pw'))).toBe(false);
    expect(hasher.isOutdated(await hashPassword('pw', 1024))).toBe(true);
    expect(hasher.isOutdated('scrypt$2048$8$1$c2FsdA==$a2V5')).toBe(true);
  });
});
