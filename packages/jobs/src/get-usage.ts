import { nextPeriod, USAGE_METERS, type MeterQuantities, type UsageQuery, type UsageReport } from '@docket/contracts/usage';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';

type PeriodRow = { period_start: Date } & Record<(typeof USAGE_METERS)[number], number>;

const METER_SUMS = Prisma.raw(USAGE_METERS.map((meter) => `sum(${meter})::float8 AS ${meter}`).join(', '));

const zero = (): MeterQuantities => Object.fromEntries(USAGE_METERS.map((meter) => [meter, 0])) as MeterQuantities;

/**
 * An organisation's usage between two period boundaries, one entry per period (zero-filled,
 * so a chart has no gaps), read from the hourly meters: a primary-key range scan of its
 * hours, never a scan of documents. Periods are UTC; the current period is included as far
 * as it has gone.
 */
export async function getUsage(db: Db, organizationId: string, query: UsageQuery): Promise<UsageReport> {
  const rows = await db.$queryRaw<PeriodRow[]>`
    SELECT date_trunc(${query.granularity === 'daily' ? 'day' : 'month'}, hour_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS period_start,
           ${METER_SUMS}
    FROM usage_hourly
    WHERE organization_id = ${organizationId}::uuid AND hour_start >= ${query.from} AND hour_start < ${query.to}
    GROUP BY 1`;
  const byStart = new Map(rows.map((row) => [row.period_start.getTime(), row]));

  const totals = zero();
  const periods: UsageReport['periods'] = [];
  for (let start = query.from; start < query.to; start = nextPeriod(start, query.granularity)) {
    const row = byStart.get(start.getTime());
    const quantities = zero();
    for (const meter of USAGE_METERS) {
      quantities[meter] = row?.[meter] ?? 0;
      totals[meter] += quantities[meter];
    }
    periods.push({ period_start: start.toISOString(), period_end: nextPeriod(start, query.granularity).toISOString(), ...quantities });
  }
  return { from: query.from.toISOString(), to: query.to.toISOString(), granularity: query.granularity, totals, periods };
}
