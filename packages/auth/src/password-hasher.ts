import { randomUUID } from 'node:crypto';
import { AppError } from '@docket/contracts/app-error';
import { DEFAULT_PASSWORD_COST, hashPassword, isOutdatedHash, verifyPassword } from './password-hash.ts';

export type PasswordHashingSettings = {
  /** scrypt N of new hashes. */
  cost?: number;
  /** scrypt computations allowed at once in this process. */
  concurrency: number;
  /** How long a hash may wait for its turn before the request is refused (503). */
  queueTimeoutMs: number;
};

export type PasswordHasher = {
  hash(password: string): Promise<string>;
  /**
   * Checks `password` against `stored`; with no stored hash (unknown account) it checks
   * against a throwaway hash, so the answer takes as long either way.
   */
  verify(password: string, stored: string | undefined): Promise<boolean>;
  /** True when `stored` should be replaced by `hash(password)` at the next sign-in. */
  isOutdated(stored: string): boolean;
};

/**
 * Password hashing with a bound: at most `concurrency` scrypt computations at once, the rest
 * wait their turn in arrival order, each for at most `queueTimeoutMs`.
 *
 * Why: scrypt runs on libuv's thread pool (4 threads by default), which every file read and
 * write shares. Unbounded, a burst of sign-in attempts holds all four threads and a text
 * download waits behind them (the abuse test measures it; README "Rate limits and password
 * hashing" has the numbers).
 * Bounded to two, the other threads stay free for file I/O, and the memory scrypt takes is
 * bounded too (two hashes at once).
 * @throws AppError unavailable (503) when a hash waited `queueTimeoutMs` without a turn
 */
export function createPasswordHasher(settings: PasswordHashingSettings, onQueueTimeout: () => void = () => {}): PasswordHasher {
  const cost = settings.cost ?? DEFAULT_PASSWORD_COST;
  const waiting = new Set<() => void>();
  let running = 0;
  let dummyHash: Promise<string> | undefined;

  function acquire(): Promise<void> {
    if (running < settings.concurrency) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiting.delete(grant);
        onQueueTimeout();
        reject(new AppError('unavailable', 'too many sign-ins are being checked right now; try again in a few seconds'));
      }, settings.queueTimeoutMs);
      waiting.add(grant);
    });
  }

  function release(): void {
    const next = waiting.values().next();
    if (next.done) {
      running -= 1;
      return;
    }
    // The slot passes straight to the oldest waiter: `running` stays the same.
    waiting.delete(next.value);
    next.value();
  }

  async function bounded<T>(work: () => Promise<T>): Promise<T> {
    await acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  return {
    hash: (password) => bounded(() => hashPassword(password, cost)),
    async verify(password, stored) {
      if (stored === undefined) {
        // The throwaway hash is made once, through the same bound (again if that attempt failed).
        dummyHash ??= bounded(() => hashPassword(randomUUID(), cost)).catch((error: unknown) => {
          dummyHash = undefined;
          throw error;
        });
        stored = await dummyHash;
      }
      const against = stored;
      return bounded(() => verifyPassword(password, against));
    },
    isOutdated: (stored) => isOutdatedHash(stored, cost),
  };
}
