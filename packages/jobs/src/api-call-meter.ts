import type { Db } from '@docket/db/create-prisma';
import type { Clock } from '@docket/contracts/clock';
import { COUNTER_SLOTS } from './stat-deltas.ts';

const hourOf = (date: Date): number => Math.floor(date.getTime() / 3_600_000) * 3_600_000;

export type ApiCallMeter = {
  /** Counts one authenticated call made in `organizationId` (with `tokenId` when a token made it): memory only. */
  record(organizationId: string, tokenId?: string): void;
  /** Writes what was counted since the last flush; what fails to write is kept for the next one. */
  flush(): Promise<void>;
  /** Stops the timer and flushes one last time. */
  stop(): Promise<void>;
  /** Distinct (organisation or token, hour) counts waiting in memory. */
  pendingKeys(): number;
};

export type ApiCallMeterOptions = {
  flushEveryMs?: number;
  /** This many distinct keys pending start a flush at once, without waiting for the timer. */
  maxKeys?: number;
};

/**
 * The `api_calls` usage meter without a database write per request: calls are counted in
 * memory per organisation (and per token) and UTC hour, and flushed every `flushEveryMs` in
 * two statements — one upsert into usage_hourly (a slot chosen per flush, like every other
 * meter), one into api_token_usage_hourly. A process that dies loses at most its last
 * interval's counts; a clean stop flushes them.
 *
 * Memory is bounded whatever the traffic: `maxKeys` distinct keys flush early, and while
 * writes fail or lag (the database down), at most twice that many keys wait (besides the
 * batch being written) — calls that would add a key beyond it are dropped and reported to
 * `onDropped` (a flood of tokens or organisations costs metering accuracy, never the process).
 */
export function createApiCallMeter(
  deps: { db: Db; clock: Clock; onError: (error: unknown) => void; onDropped?: (calls: number) => void },
  options: ApiCallMeterOptions = {},
): ApiCallMeter {
  const { flushEveryMs = 5_000, maxKeys = 10_000 } = options;
  const hardLimit = 2 * maxKeys;
  let organizations = new Map<string, number>();
  let tokens = new Map<string, number>();
  let dropped = 0;
  let flushing = false;
  let failing = false;
  const pendingKeys = () => organizations.size + tokens.size;
  /** Adds to a key; a new key past the hard limit is dropped instead. */
  const add = (counts: Map<string, number>, key: string, amount: number) => {
    const current = counts.get(key);
    if (current === undefined && pendingKeys() >= hardLimit) dropped += amount;
    else counts.set(key, (current ?? 0) + amount);
  };

  async function flush(): Promise<void> {
    if (dropped > 0) {
      deps.onDropped?.(dropped);
      dropped = 0;
    }
    const [pendingOrganizations, pendingTokens] = [organizations, tokens];
    if (pendingOrganizations.size === 0 && pendingTokens.size === 0) return;
    organizations = new Map();
    tokens = new Map();
    flushing = true;
    try {
      await write(deps.db, pendingOrganizations, pendingTokens);
      failing = false;
    } catch (error) {
      // Kept for the next flush, within the hard limit; no early flushes until one succeeds.
      failing = true;
      for (const [key, amount] of pendingOrganizations) add(organizations, key, amount);
      for (const [key, amount] of pendingTokens) add(tokens, key, amount);
      deps.onError(error);
    } finally {
      flushing = false;
    }
    flushIfFull();
  }

  /** An early flush once maxKeys are pending; one at a time, and none while writes fail (the timer retries). */
  function flushIfFull(): void {
    if (pendingKeys() >= maxKeys && !flushing && !failing) void flush();
  }

  const timer = setInterval(() => void flush(), flushEveryMs);
  timer.unref();
  return {
    record(organizationId, tokenId) {
      const hour = hourOf(deps.clock());
      add(organizations, `${organizationId} ${hour}`, 1);
      if (tokenId) add(tokens, `${tokenId} ${hour}`, 1);
      flushIfFull();
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
    pendingKeys,
  };
}

/** The counts as two unnest upserts, each the sum of every key of one kind. */
async function write(db: Db, organizations: Map<string, number>, tokens: Map<string, number>): Promise<void> {
  const split = (counts: Map<string, number>) => {
    const ids: string[] = [];
    const hours: Date[] = [];
    const amounts: number[] = [];
    for (const [key, amount] of counts) {
      const [id, hour] = key.split(' ');
      ids.push(id!);
      hours.push(new Date(Number(hour)));
      amounts.push(amount);
    }
    return { ids, hours, amounts };
  };
  const slot = Math.floor(Math.random() * COUNTER_SLOTS);
  const perOrganization = split(organizations);
  const perToken = split(tokens);
  await db.$transaction([
    db.$executeRaw`
      INSERT INTO usage_hourly AS u (organization_id, hour_start, slot, api_calls)
      SELECT id, hour, ${slot}::smallint, amount
      FROM unnest(${perOrganization.ids}::uuid[], ${perOrganization.hours}::timestamptz[], ${perOrganization.amounts}::bigint[]) AS t(id, hour, amount)
      ON CONFLICT (organization_id, hour_start, slot) DO UPDATE SET api_calls = u.api_calls + EXCLUDED.api_calls`,
    db.$executeRaw`
      INSERT INTO api_token_usage_hourly AS u (token_id, hour_start, api_calls)
      SELECT id, hour, amount
      FROM unnest(${perToken.ids}::uuid[], ${perToken.hours}::timestamptz[], ${perToken.amounts}::bigint[]) AS t(id, hour, amount)
      -- A token deleted since (its organisation deleted) has no row to count against: without
      -- this, its foreign key would fail every flush from then on.
      WHERE EXISTS (SELECT 1 FROM api_tokens a WHERE a.id = t.id)
      ON CONFLICT (token_id, hour_start) DO UPDATE SET api_calls = u.api_calls + EXCLUDED.api_calls`,
  ]);
}
