import { USAGE_METERS } from '@docket/contracts/usage';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { ADD_EXCLUDED_ROLLUP, ADD_EXCLUDED_USAGE } from './stat-deltas.ts';
import { ROLLUP_COLUMNS } from './statistics-columns.ts';

/** Hours younger than this keep their slots: their jobs are still being settled. */
export const ROLLUP_SETTLE_HOURS = 2;

/** A slotted hourly table: its owner column, its hour column, the key beside them, the summed columns. */
type SlottedTable = { table: string; alias: string; owner: string; hour: string; keys: string[]; values: readonly string[]; addExcluded: Prisma.Sql };

const SLOTTED_TABLES: SlottedTable[] = [
  { table: 'job_hourly_rollups', alias: 'r', owner: 'user_id', hour: 'bucket_start', keys: ['job_type'], values: ROLLUP_COLUMNS, addExcluded: ADD_EXCLUDED_ROLLUP },
  { table: 'organization_hourly_rollups', alias: 'r', owner: 'organization_id', hour: 'bucket_start', keys: ['job_type'], values: ROLLUP_COLUMNS, addExcluded: ADD_EXCLUDED_ROLLUP },
  { table: 'usage_hourly', alias: 'u', owner: 'organization_id', hour: 'hour_start', keys: [], values: USAGE_METERS, addExcluded: ADD_EXCLUDED_USAGE },
];

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
  let folded = 0;
  for (const { table, alias, owner, hour, keys, values, addExcluded } of SLOTTED_TABLES) {
    const key = Prisma.raw([owner, hour, ...keys].join(', '));
    const [result] = await db.$queryRaw<{ folded: bigint }[]>`
      WITH moved AS (
        DELETE FROM ${Prisma.raw(table)}
        WHERE ${Prisma.raw(hour)} < ${before} AND slot <> 0
        RETURNING *
      ), merged AS (
        INSERT INTO ${Prisma.raw(`${table} AS ${alias}`)} (${key}, slot, ${Prisma.raw(values.join(', '))})
        SELECT ${key}, 0, ${Prisma.raw(values.map((name) => `sum(${name})`).join(', '))}
        FROM moved
        GROUP BY ${key}
        ON CONFLICT (${key}, slot) DO UPDATE SET ${addExcluded}
      )
      SELECT count(*)::int8 AS folded FROM moved`;
    folded += Number(result!.folded);
  }
  return folded;
}
