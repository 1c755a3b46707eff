// The baseline of `pnpm bench:export`: the same records, collected in memory and sent in one
// piece — what an export endpoint usually does. Prints its URL; serves GET /export?from&to.
import express from 'express';
import type { UsageRecord } from '@docket/contracts/usage';
import { createDatabase } from '@docket/db/create-prisma';
import { streamUsageRecords } from '@docket/jobs/stream-usage-records';
import { headerLine, recordLine } from '@docket/api/usage/usage-record-lines';

const { sql } = createDatabase({ databaseUrl: process.env.DATABASE_URL! });
const app = express();
app.get('/export', async (req, res) => {
  const query = { from: new Date(String(req.query.from)), to: new Date(String(req.query.to)), granularity: 'hourly' as const, format: 'csv' as const, include_open: false };
  const records: UsageRecord[] = [];
  for await (const record of streamUsageRecords(sql, query, new Date())) records.push(record);
  res.type('text/csv').send(headerLine('csv') + records.map((record) => recordLine('csv', record)).join(''));
});
const server = app.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`));
