import Cursor from 'pg-cursor';
import { periodStart, USAGE_METERS, USAGE_UNITS, type UsageExportQuery, type UsageRecord } from '@docket/contracts/usage';
import type { SqlPool } from '@docket/db/create-prisma';
import { isoUtc } from './sql-iso.ts';

/**
 * A period counts as closed this long after it ends: a settle that read the clock just
 * before the hour turned may commit a moment after it, and a closed period must never
 * change once exported.
 */
export const USAGE_CLOSE_GRACE_MS = 5 * 60 * 1000;

/** Rows fetched per round trip: memory is bounded by one batch, whatever the export's size. */
const BATCH_ROWS = 2_000;

const TRUNC_UNIT = { hourly: 'hour', daily: 'day', monthly: 'month' } as const;
const STEP = { hourly: '1 hour', daily: '1 day', monthly: '1 month' } as const;

const METER_VALUES = USAGE_METERS.map((meter, position) => `(${position}, '${meter}', '${USAGE_UNITS[meter]}', p.${meter})`).join(', ');
const METER_SUMS = USAGE_METERS.map((meter) => `sum(${meter}) AS ${meter}`).join(', ');

// Reads every organisation's hours of [from, to) through usage_hourly_hour_start_idx, or one
// organisation's (narrowed) through usage_hourly_pkey (organization_id, hour_start, slot).
// Periods are summed from the hourly meters, then unpivoted to one row per (organisation,
// meter, period) with a non-zero quantity, with the organisation's billing contact. The order
// (period, organisation, meter) makes the output a function of the meters alone; record_id is
// an md5 of what identifies the record, shaped as a UUID, so the same organisation, meter and
// period always get the same id — keyed by the account for a personal organisation, which
// keeps the ids of the exports made before organisations existed.
const EXPORT_SQL = (granularity: UsageExportQuery['granularity'], narrowed: boolean) => `
  WITH p AS (
    SELECT organization_id,
           date_trunc('${TRUNC_UNIT[granularity]}', hour_start AT TIME ZONE 'UTC') AS period_start,
           ${METER_SUMS}
    FROM usage_hourly
    WHERE hour_start >= $1 AND hour_start < $2${narrowed ? ' AND organization_id = $3' : ''}
    GROUP BY 1, 2
  ), r AS (
    SELECT p.organization_id, coalesce(o.personal_user_id, p.organization_id) AS record_key,
           contact.id AS user_id, contact.email, m.meter, m.unit, m.quantity,
           ${isoUtc(`(p.period_start AT TIME ZONE 'UTC')`)} AS period_start,
           ${isoUtc(`((p.period_start + interval '${STEP[granularity]}') AT TIME ZONE 'UTC')`)} AS period_end,
           p.period_start AS sort_start, m.position
    FROM p
    JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN LATERAL (
      SELECT u.id, u.email FROM memberships ms JOIN users u ON u.id = ms.user_id
      WHERE ms.organization_id = o.id AND ms.role = 'owner'
      ORDER BY (u.id = coalesce(o.personal_user_id, o.created_by)) DESC, ms.created_at, u.id
      LIMIT 1
    ) contact ON true
    CROSS JOIN LATERAL (VALUES ${METER_VALUES}) AS m(position, meter, unit, quantity)
    WHERE m.quantity <> 0
  )
  SELECT md5('docket-usage:' || record_key || ':' || meter || ':' || period_start || ':' || period_end)::uuid::text AS record_id,
         organization_id::text, user_id::text, email AS user_email, meter, quantity::text, unit, period_start, period_end
  FROM r
  ORDER BY sort_start, organization_id, position`;

type ExportRow = Omit<UsageRecord, 'quantity'> & { quantity: string };

/** The end of the export's range: `to`, or the end of the last closed period if that is earlier. */
export function exportEnd(query: Pick<UsageExportQuery, 'to' | 'granularity' | 'include_open'>, now: Date): Date {
  if (query.include_open) return query.to;
  const closedUntil = periodStart(new Date(now.getTime() - USAGE_CLOSE_GRACE_MS), query.granularity);
  return closedUntil < query.to ? closedUntil : query.to;
}

/**
 * Every organisation's usage records of whole periods in [from, to) — or only `organizationId`'s,
 * byte for byte the same records as in the full export — read through a server-side
 * cursor in one REPEATABLE READ snapshot: constant memory for any number of records, and a
 * consistent cut even while meters change underneath. Only closed periods unless
 * `include_open`. Stop iterating to abandon the export; the cursor and connection are
 * released either way.
 */
export async function* streamUsageRecords(sql: SqlPool, query: UsageExportQuery, now: Date, organizationId?: string): AsyncGenerator<UsageRecord> {
  const end = exportEnd(query, now);
  if (end <= query.from) return;
  const client = await sql.connect();
  let open = false;
  let broken = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    open = true;
    const narrowed = organizationId !== undefined;
    const cursor = client.query(new Cursor<ExportRow>(EXPORT_SQL(query.granularity, narrowed), narrowed ? [query.from, end, organizationId] : [query.from, end]));
    try {
      for (;;) {
        const rows = await cursor.read(BATCH_ROWS);
        if (rows.length === 0) break;
        for (const row of rows) yield { ...row, quantity: Number(row.quantity) };
      }
    } finally {
      await cursor.close();
    }
    await client.query('COMMIT');
    open = false;
  } catch (error) {
    broken = true; // the connection is discarded below, which ends its transaction
    throw error;
  } finally {
    // Abandoned mid-way (the client went away): end the read-only transaction, keep the connection.
    if (open && !broken) await client.query('ROLLBACK').catch(() => (broken = true));
    client.release(broken);
  }
}
