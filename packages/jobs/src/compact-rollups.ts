import { USAGE_METERS } from '@docket/contracts/usage';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { ADD_EXCLUDED_ROLLUP, ADD_EXCLUDED_USAGE, ROLLUP_VALUE_NAMES } from './stat-deltas.ts';

const columns = (names: readonly string[]) => Prisma.raw(names.join(', '));
const sums = (names: readonly string[]) => Prisma.raw(names.map((name) => `sum(${name})`).join(', '));

/** Hours younger than this keep their slots: their jobs are still being settled. */
export const ROLLUP_SETTLE_HOURS = 2;

/**
 * Folds the slots of every rollup and usage hour older than `before` into slot 0. Slots
 * exist so that concurrent transitions of one user never queue on one row (stat-deltas.ts);
 * once an hour is quiet they only make reads touch up to 16 rows where one would do — a year
 * of a busy user is 8,784 hours × 3 job types × 16 slots. One statement per table, so the
 * sums are moved, never lost: a transition that still lands on a deleted slot row (a late
 * settle) waits for the delete and then inserts a fresh row, which the next run folds again.
 * @returns the number of slot rows folded away.
 */
export async function compactRollupSlots(db: Db, before: Date): Promise<number> {
  const [rollups] = await db.$queryRaw<{ folded: bigint }[]>`
    WITH moved AS (
      DELETE FROM job_hourly_rollups
      WHERE bucket_start < ${before} AND slot <> 0
      RETURNING *
    ), merged AS (
      INSERT INTO job_hourly_rollups AS r (user_id, bucket_start, job_type, slot, ${columns(ROLLUP_VALUE_NAMES)})
      SELECT user_id, bucket_start, job_type, 0, ${sums(ROLLUP_VALUE_NAMES)}
      FROM moved
      GROUP BY user_id, bucket_start, job_type
      ON CONFLICT (user_id, bucket_start, job_type, slot) DO UPDATE SET ${ADD_EXCLUDED_ROLLUP}
    )
    SELECT count(*)::int8 AS folded FROM moved`;
  const [usage] = await db.$queryRaw<{ folded: bigint }[]>`
    WITH moved AS (
      DELETE FROM usage_hourly
      WHERE hour_start < ${before} AND slot <> 0
      RETURNING *
    ), merged AS (
      INSERT INTO usage_hourly AS u (user_id, hour_start, slot, ${columns(USAGE_METERS)})
      SELECT user_id, hour_start, 0, ${sums(USAGE_METERS)}
      FROM moved
      GROUP BY user_id, hour_start
      ON CONFLICT (user_id, hour_start, slot) DO UPDATE SET ${ADD_EXCLUDED_USAGE}
    )
    SELECT count(*)::int8 AS folded FROM moved`;
  return Number(rollups!.folded) + Number(usage!.folded);
}
