/** One request counted against a key: allowed or not, what is left, and when the window resets. */
export type LimitOutcome = { allowed: boolean; remaining: number; resetSeconds: number };

/** What the shared store answered to `points` counted at once: the key's total in its window, and ms until the window ends. */
export type Counted = { consumed: number; msBeforeNext: number };

type Waiter = { resolve: (outcome: LimitOutcome) => void; reject: (error: unknown) => void };

/**
 * Counts requests against a key of at most `points` per window, one store write per batch
 * instead of one per request: while a key's write is in flight, this process's further
 * requests for that key wait, and the next write counts all of them at once. Concurrent
 * requests of one key no longer queue on its row one by one (each commit waiting for the
 * one before), and the count stays exact: every request counted is one that was made, in
 * order of arrival, so request i of a batch is allowed if the key's total up to it is
 * within the quota.
 */
export function countInBatches(points: number, count: (key: string, points: number) => Promise<Counted>): (key: string) => Promise<LimitOutcome> {
  const waiting = new Map<string, Waiter[]>();

  async function drain(key: string, queue: Waiter[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0);
      try {
        const counted = await count(key, batch.length);
        const before = counted.consumed - batch.length;
        const resetSeconds = Math.max(0, Math.ceil(counted.msBeforeNext / 1000));
        batch.forEach((waiter, index) => {
          const total = before + index + 1;
          waiter.resolve(total <= points ? { allowed: true, remaining: points - total, resetSeconds } : { allowed: false, remaining: 0, resetSeconds: Math.max(1, resetSeconds) });
        });
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    // Nothing arrived while the last write was in flight (the check and this run without a turn in between).
    waiting.delete(key);
  }

  return (key) =>
    new Promise<LimitOutcome>((resolve, reject) => {
      const queue = waiting.get(key);
      if (queue !== undefined) return void queue.push({ resolve, reject });
      const started: Waiter[] = [{ resolve, reject }];
      waiting.set(key, started);
      void drain(key, started);
    });
}
