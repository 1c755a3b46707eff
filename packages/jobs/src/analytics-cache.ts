import type { HistoryAnalytics } from '@docket/contracts/history';

export type CachedAnalytics = { version: string; analytics: HistoryAnalytics };

/**
 * Analytics results by user and query, each with the version of the user's statistics it
 * was computed at (the sum of `user_counters.changes`). An entry is served only while that
 * version is current, so a cache hit is exactly what the query would return now. Bounded:
 * the least recently used entry goes first. The largest answer (744 hourly buckets) is
 * ~100 KB of objects, so the default bound keeps the cache under ~25 MB.
 */
export class AnalyticsCache {
  readonly #entries = new Map<string, CachedAnalytics>();
  readonly #maxEntries: number;
  hits = 0;
  misses = 0;

  constructor(maxEntries = 256) {
    this.#maxEntries = maxEntries;
  }

  get(key: string): CachedAnalytics | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      // Re-insert: Map iteration order is insertion order, so the oldest key is the LRU one.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedAnalytics): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
