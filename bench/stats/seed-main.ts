// `pnpm bench:seed`: loads the benchmark history alone (into DATABASE_URL, migrated) and
// prints the heavy user's credentials, so the numbers can be checked with another tool.
import { createDatabase } from '@docket/db/create-prisma';
import { migrate } from '@docket/db/migrate';
import { seedHistory } from './seed-history.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('set DATABASE_URL to the (empty or Docket) database to load, e.g. postgresql://postgres@127.0.0.1:5432/docket_bench');
  process.exit(2);
}
await migrate({ databaseUrl });
const { db } = createDatabase({ databaseUrl });
const heavy = await seedHistory(db, {
  jobs: Number(process.env.BENCH_JOBS ?? 1_000_000),
  backgroundUsers: 5,
  backgroundJobs: 20_000,
  log: (line) => process.stderr.write(`${line}\n`),
});
await db.$disconnect();
console.log(`heavy user: email=${heavy.email} password='${heavy.password}' id=${heavy.userId}`);
