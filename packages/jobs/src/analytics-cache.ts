import type { HistoryAnalytics } from '@docket/contracts/history';
import type { JobType } from '@docket/contracts/jobs';
import type { RollupColumn } from './statistics-columns.ts';

/** The rollup sums an answer adds up, per job type. */
export type TypeSums = Record<RollupColumn, number>;

/** The part of an answer from the settled hours: before `before`, and unchanged while the scope's `late` signature is. */
export type SettledPart = {
  before: Date;
  late: string;
  /** [total, succeeded, failed, cancelled] of each bucket, four numbers per bucket in order. */
  series: number[];
  byType: Partial<Record<JobType, TypeSums>>;
};

export type CachedAnalytics = {
  version: string;
  analytics: HistoryAnalytics;
  /** Each bucket's start as the answer writes it, in order: they depend on the query alone. */
  starts?: string[];
  settled?: SettledPart;
  /** Whether the version had moved when this entry was last read: the next read skips the version check. */
  moved?: boolean;
};

/**
 * Analytics results by scope and query, each with the version of the scope's statistics it
 * was computed at (the sum of `user_counters.changes`). An entry is served only while that
 * version is current, so a cache hit is exactly what the query would return now. When the
 * version has moved, its settled part (the hours no transaction can have changed since,
 * get-history-analytics.ts) saves reading all but the newest hours again. Bounded: the
 * least recently used entry goes first. The largest answer (744 hourly buckets) is ~100 KB
 * of objects plus ~25 KB of settled sums, so the default bound keeps the cache under ~32 MB.
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
