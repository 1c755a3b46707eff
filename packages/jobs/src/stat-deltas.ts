import type { Db, Tx } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import { DOCUMENT_STATUSES, JOB_STATUSES, type DocumentStatus, type JobStatus, type JobType } from '@docket/contracts/jobs';
import { USAGE_METERS, type UsageMeter } from '@docket/contracts/usage';
import { JOB_TYPE_COUNTER_TABLES } from './job-type-counters.ts';
import { COUNTER_COLUMNS, JOB_COUNTER_COLUMNS, ROLLUP_COLUMNS, type RollupColumn } from './statistics-columns.ts';

/**
 * Changes to the statistics counters (user_counters, organization_counters, system_counters, the job-type
 * counters of job-type-counters.ts), hourly rollups
 * (job_hourly_rollups) and usage meters (usage_hourly) caused by one transaction. Every domain transaction collects its
 * deltas and applies them once, at its end, in the same transaction as the state change:
 * the numbers can never disagree with the rows, and one fixed statement order (counters,
 * then rollup) keeps concurrent transactions from deadlocking on slot rows.
 */
export type StatDeltas = {
  jobs: Partial<Record<JobStatus, number>>;
  documents: Partial<Record<DocumentStatus, number>>;
  rollup: Partial<Record<RollupColumn, number>>;
  /** Usage meters, all attributed to the hour of `usageAt` (the transition's own time). */
  usage: Partial<Record<UsageMeter, number>>;
  usageAt?: Date;
};

export type RollupKey = { createdAt: Date; jobType: JobType };

/** Slots per user (docs/design.md#statistics: spread a busy user's counter over a few rows). */
export const COUNTER_SLOTS = 16;
/** Slots of the system-wide counters, which every worker of every user updates. */
export const SYSTEM_COUNTER_SLOTS = 32;

/** The slot of a transaction's rows: its user's and organisation's counters, rollups and usage, and its storage room. */
export const randomCounterSlot = (): number => Math.floor(Math.random() * COUNTER_SLOTS);

export function emptyDeltas(): StatDeltas {
  return { jobs: {}, documents: {}, rollup: {}, usage: {} };
}

/** Meters usage at `at`: docs/api.md#usage-and-billing-export attributes it to the hour the document became terminal (jobs: submitted). */
export function addUsage(deltas: StatDeltas, at: Date, meters: Partial<Record<UsageMeter, number>>): void {
  deltas.usageAt = at;
  for (const [meter, amount] of Object.entries(meters) as [UsageMeter, number][]) addDelta(deltas.usage, meter, amount);
}

export function addDelta<K extends string>(target: Partial<Record<K, number>>, key: K, amount: number): void {
  target[key] = (target[key] ?? 0) + amount;
}

/** Records a job moving between statuses, in both the counters and its rollup bucket. */
export function moveJob(deltas: StatDeltas, from: JobStatus, to: JobStatus): void {
  if (from === to) return;
  addDelta(deltas.jobs, from, -1);
  addDelta(deltas.jobs, to, 1);
  addDelta(deltas.rollup, from, -1);
  addDelta(deltas.rollup, to, 1);
}

/** Records `count` documents moving between statuses. */
export function moveDocuments(deltas: StatDeltas, from: DocumentStatus, to: DocumentStatus, count = 1): void {
  if (from === to || count === 0) return;
  addDelta(deltas.documents, from, -count);
  addDelta(deltas.documents, to, count);
}

function hourOf(date: Date): Date {
  const hour = new Date(date);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}

const n = (value: number | undefined): number => value ?? 0;

/** `name = <alias>.name + EXCLUDED.name, …`: the SET list of an upsert that adds to every column. */
const addExcluded = (alias: string, columns: readonly string[]) => Prisma.raw(columns.map((name) => `${name} = ${alias}.${name} + EXCLUDED.${name}`).join(', '));

/** The SET list of an upsert into `job_hourly_rollups AS r`. */
export const ADD_EXCLUDED_ROLLUP = addExcluded('r', ROLLUP_COLUMNS);
/** The SET list of an upsert into `usage_hourly AS u`. */
export const ADD_EXCLUDED_USAGE = addExcluded('u', USAGE_METERS);

/** Whose statistics a transaction moves: the submitting user's and the job's organisation's. */
export type StatOwner = { userId: string; organizationId: string };

/** Which kinds of numbers a transaction's deltas move. */
type Moved = { counters: boolean; jobs: boolean; rollup: boolean; usage: boolean };

/** What a statistics table's row key is made of, for one transaction. */
type StatTarget = { owner: StatOwner; key: RollupKey; slot: number; usageAt: Date };

/**
 * One table the deltas go to: its key columns (with the transaction's values), the columns
 * the deltas add to, and when it is touched at all. The list below is the fixed lock order;
 * a new statistics table is one entry in it.
 */
type StatTable = {
  table: string;
  moves: (moved: Moved) => boolean;
  key: (target: StatTarget) => Record<string, Prisma.Sql>;
  columns: readonly string[];
  values: (deltas: StatDeltas) => number[];
  /** The scope counters that version its rollups record which rollup hours moved, too (HOUR_VERSION_COLUMNS). */
  versionsHours?: boolean;
};

/**
 * Which rollup hours a slot's transactions moved, for the analytics cache
 * (get-history-analytics.ts): `newest_hour` keeps the newest, and `late_changes` counts the
 * transactions that moved an hour older than it — or several hours at once, whose oldest
 * the row cannot tell. The slot row's lock orders its transactions, so each compares with
 * what the one before it left: while no slot's late_changes moves (and no slot gains a
 * newest_hour), no hour before the oldest newest_hour of the scope's slots has changed.
 */
const HOUR_VERSION_COLUMNS = ['newest_hour', 'late_changes'];
const HOUR_VERSION_SET =
  'newest_hour = greatest(c.newest_hour, EXCLUDED.newest_hour), ' +
  'late_changes = c.late_changes + CASE WHEN EXCLUDED.late_changes > 0 OR EXCLUDED.newest_hour < c.newest_hour THEN 1 ELSE 0 END';
/** The values of HOUR_VERSION_COLUMNS for the rollup hours (unix ms) a row's transactions moved. */
const hourVersionValues = (hours: Set<number>) => [
  Prisma.sql`${hours.size ? new Date(Math.max(...hours)) : null}::timestamptz`,
  Prisma.sql`${hours.size > 1 ? 1 : 0}::bigint`,
];
const columnsOf = (table: StatTable) => (table.versionsHours ? [...table.columns, ...HOUR_VERSION_COLUMNS] : table.columns);
const setListOf = (table: StatTable) => (table.versionsHours ? Prisma.sql`${addExcluded('c', table.columns)}, ${Prisma.raw(HOUR_VERSION_SET)}` : addExcluded('c', table.columns));

const uuid = (id: string) => Prisma.sql`${id}::uuid`;
const smallint = (value: number) => Prisma.sql`${value}::smallint`;
const jobType = (type: JobType) => Prisma.sql`${type}::job_type`;
/**
 * A slot of a table shared by every user (`slots`, a multiple of COUNTER_SLOTS) that follows
 * the transaction's own slot: two transactions of one busy user can only meet on a shared row
 * when they already meet on their own slot, so the rows they hold never make a wait of
 * their own.
 */
const sharedSlot = (slot: number, slots: number) => smallint(slot + COUNTER_SLOTS * Math.floor(Math.random() * (slots / COUNTER_SLOTS)));

const counterValues = ({ jobs, documents }: StatDeltas) => [...JOB_STATUSES.map((status) => n(jobs[status])), ...DOCUMENT_STATUSES.map((status) => n(documents[status]))];
const jobValues = ({ jobs }: StatDeltas) => JOB_STATUSES.map((status) => n(jobs[status]));
const rollupValues = ({ rollup }: StatDeltas) => ROLLUP_COLUMNS.map((column) => n(rollup[column]));
// `changes` versions the user's and the organisation's statistics (get-history-analytics.ts
// caches on it), so it moves (+1) whenever the counters or the rollups do.
const VERSIONED_COUNTER_COLUMNS = [...COUNTER_COLUMNS, 'changes'];
const versionedCounterValues = (deltas: StatDeltas) => [...counterValues(deltas), 1];

/**
 * Every statistics table, in the one lock order of all transactions: user counters,
 * organisation counters, system counters, job-type counters (system-wide, then the
 * organisation's), user rollup, organisation rollup, usage.
 */
const STAT_TABLES: readonly StatTable[] = [
  {
    table: 'user_counters',
    moves: (moved) => moved.counters || moved.rollup,
    key: ({ owner, slot }) => ({ user_id: uuid(owner.userId), slot: smallint(slot) }),
    columns: VERSIONED_COUNTER_COLUMNS,
    values: versionedCounterValues,
    versionsHours: true,
  },
  {
    table: 'organization_counters',
    moves: (moved) => moved.counters || moved.rollup,
    key: ({ owner, slot }) => ({ organization_id: uuid(owner.organizationId), slot: smallint(slot) }),
    columns: VERSIONED_COUNTER_COLUMNS,
    values: versionedCounterValues,
    versionsHours: true,
  },
  {
    table: 'system_counters',
    moves: (moved) => moved.counters,
    key: ({ slot }) => ({ slot: sharedSlot(slot, SYSTEM_COUNTER_SLOTS) }),
    columns: COUNTER_COLUMNS,
    values: counterValues,
  },
  {
    table: 'job_type_counters',
    moves: (moved) => moved.jobs,
    key: ({ key, slot }) => ({ job_type: jobType(key.jobType), slot: sharedSlot(slot, JOB_TYPE_COUNTER_TABLES[0].slots) }),
    columns: JOB_COUNTER_COLUMNS,
    values: jobValues,
  },
  {
    table: 'organization_job_type_counters',
    moves: (moved) => moved.jobs,
    key: ({ owner, key, slot }) => ({ organization_id: uuid(owner.organizationId), job_type: jobType(key.jobType), slot: sharedSlot(slot, JOB_TYPE_COUNTER_TABLES[1].slots) }),
    columns: JOB_COUNTER_COLUMNS,
    values: jobValues,
  },
  {
    table: 'job_hourly_rollups',
    moves: (moved) => moved.rollup,
    key: ({ owner, key, slot }) => ({ user_id: uuid(owner.userId), bucket_start: Prisma.sql`${hourOf(key.createdAt)}::timestamptz`, job_type: jobType(key.jobType), slot: smallint(slot) }),
    columns: ROLLUP_COLUMNS,
    values: rollupValues,
  },
  {
    table: 'organization_hourly_rollups',
    moves: (moved) => moved.rollup,
    key: ({ owner, key, slot }) => ({ organization_id: uuid(owner.organizationId), bucket_start: Prisma.sql`${hourOf(key.createdAt)}::timestamptz`, job_type: jobType(key.jobType), slot: smallint(slot) }),
    columns: ROLLUP_COLUMNS,
    values: rollupValues,
  },
  {
    table: 'usage_hourly',
    moves: (moved) => moved.usage,
    key: ({ owner, usageAt, slot }) => ({ organization_id: uuid(owner.organizationId), hour_start: Prisma.sql`${hourOf(usageAt)}::timestamptz`, slot: smallint(slot) }),
    columns: USAGE_METERS,
    values: ({ usage }) => USAGE_METERS.map((meter) => n(usage[meter])),
  },
];

const moves = (values: Partial<Record<string, number>>) => Object.values(values).some((value) => value !== 0);

const movedBy = (deltas: StatDeltas): Moved => ({
  counters: moves(deltas.jobs) || moves(deltas.documents),
  jobs: moves(deltas.jobs),
  rollup: moves(deltas.rollup),
  usage: deltas.usageAt !== undefined && moves(deltas.usage),
});

/** A named query of a WITH list: `name AS (query)`. */
export type Cte = { name: string; query: Prisma.Sql };

/**
 * The upserts of a transaction's deltas (on `slot`'s rows) as CTEs of one statement, each selecting its row
 * FROM the previous CTE (`after`, then each other): Postgres runs a CTE when its reader
 * pulls a row, so the chain takes the slot rows' locks in STAT_TABLES' order, and when
 * `after` yields no row (a lost race upstream), nothing is added. Empty when nothing moves.
 */
export function statDeltaCtes(owner: StatOwner, key: RollupKey, deltas: StatDeltas, after?: string, slot = randomCounterSlot()): Cte[] {
  const moved = movedBy(deltas);
  const target: StatTarget = { owner, key, slot, usageAt: deltas.usageAt ?? key.createdAt };
  const hours = new Set(moved.rollup ? [hourOf(key.createdAt).getTime()] : []);
  const ctes: Cte[] = [];
  for (const table of STAT_TABLES) {
    if (!table.moves(moved)) continue;
    const keys = table.key(target);
    const previous = ctes.at(-1)?.name ?? after;
    const values = Prisma.join([
      ...Object.values(keys),
      ...table.values(deltas).map((value) => Prisma.sql`${value}::bigint`),
      ...(table.versionsHours ? hourVersionValues(hours) : []),
    ]);
    const name = `stat_${ctes.length}`;
    ctes.push({
      name,
      query: Prisma.sql`
        INSERT INTO ${Prisma.raw(table.table)} AS c (${Prisma.raw([...Object.keys(keys), ...columnsOf(table)].join(', '))})
        SELECT ${values}${previous ? Prisma.raw(` FROM ${previous}`) : Prisma.empty}
        ON CONFLICT (${Prisma.raw(Object.keys(keys).join(', '))}) DO UPDATE SET ${setListOf(table)}
        RETURNING 1 AS applied`,
    });
  }
  return ctes;
}

/** One transition's deltas and whose numbers they move. */
export type StatEntry = { owner: StatOwner; key: RollupKey; deltas: StatDeltas };

/**
 * The upserts of several transitions of one transaction (the worker's group commits,
 * group-commit.ts) as chained CTEs of ONE statement: per table, in STAT_TABLES' order, one
 * INSERT of every row they touch, summed per row and in key order, each table's rows only
 * after all of the previous table's (its count is the next one's condition). Every such
 * transaction thus locks its statistics rows in one global order — table, then key — and a
 * single transition's statement (statDeltaCtes, one row per table) agrees with it.
 */
export function batchedStatDeltaCtes(entries: StatEntry[], slot = randomCounterSlot()): Cte[] {
  const ctes: Cte[] = [];
  for (const table of STAT_TABLES) {
    const rows = new Map<string, { keys: Record<string, Prisma.Sql>; values: number[]; hours: Set<number> }>();
    for (const { owner, key, deltas } of entries) {
      const moved = movedBy(deltas);
      if (!table.moves(moved)) continue;
      const keys = table.key({ owner, key, slot, usageAt: deltas.usageAt ?? key.createdAt });
      const id = Object.values(keys).map(sortKey).join('|');
      const values = table.values(deltas);
      let row = rows.get(id);
      if (row) row.values = row.values.map((value, i) => value + values[i]!);
      else rows.set(id, (row = { keys, values, hours: new Set() }));
      if (moved.rollup) row.hours.add(hourOf(key.createdAt).getTime());
    }
    if (rows.size === 0) continue;
    const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    const columns = [...Object.keys(sorted[0]!.keys), ...columnsOf(table)].join(', ');
    const tuples = sorted.map(
      (row) =>
        Prisma.sql`(${Prisma.join([
          ...Object.values(row.keys),
          ...row.values.map((value) => Prisma.sql`${value}::bigint`),
          ...(table.versionsHours ? hourVersionValues(row.hours) : []),
        ])})`,
    );
    const previous = ctes.at(-1)?.name;
    const name = `stat_${ctes.length}`;
    ctes.push({
      name,
      query: Prisma.sql`
        INSERT INTO ${Prisma.raw(table.table)} AS c (${Prisma.raw(columns)})
        SELECT * FROM (VALUES ${Prisma.join(tuples, ', ')}) AS v(${Prisma.raw(columns)})${previous ? Prisma.raw(` WHERE (SELECT count(*) FROM ${previous}) > 0`) : Prisma.empty}
        ON CONFLICT (${Prisma.raw(Object.keys(sorted[0]!.keys).join(', '))}) DO UPDATE SET ${setListOf(table)}
        RETURNING 1 AS applied`,
    });
  }
  return ctes;
}

/** A key column's value as text, to order rows the same way in every process. */
const sortKey = (value: Prisma.Sql) => value.values.map((part) => (part instanceof Date ? part.toISOString() : String(part))).join(',');

/** `WITH a AS (…), b AS (…) <final>`: one statement of chained CTEs. */
export function withCtes(ctes: Cte[], final: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`WITH ${Prisma.join(ctes.map(({ name, query }) => Prisma.sql`${Prisma.raw(name)} AS (${query})`), ',\n')} ${final}`;
}

/**
 * Applies a transaction's deltas in ONE statement (statDeltaCtes): every counter, rollup and
 * usage row of the transaction, in the fixed lock order of all transactions, so two
 * transactions that touch the same slot rows always lock them in the same order.
 */
export async function applyStatDeltas(tx: Tx, owner: StatOwner, key: RollupKey, deltas: StatDeltas): Promise<void> {
  const ctes = statDeltaCtes(owner, key, deltas);
  if (ctes.length === 0) return;
  await tx.$executeRaw(withCtes(ctes, Prisma.sql`SELECT count(*) FROM ${Prisma.raw(ctes.at(-1)!.name)}`));
}

/** Adds meters to the organisation's usage row of the hour of `at` (slot `slot`). */
export async function addUsageRow(tx: Tx | Db, organizationId: string, at: Date, slot: number, usage: Partial<Record<UsageMeter, number>>): Promise<void> {
  const values = Prisma.join(USAGE_METERS.map((meter) => Prisma.sql`${n(usage[meter])}::bigint`));
  await tx.$executeRaw`
    INSERT INTO usage_hourly AS u (organization_id, hour_start, slot, ${Prisma.raw(USAGE_METERS.join(', '))})
    VALUES (${organizationId}::uuid, ${hourOf(at)}, ${slot}::smallint, ${values})
    ON CONFLICT (organization_id, hour_start, slot) DO UPDATE SET ${ADD_EXCLUDED_USAGE}`;
}
