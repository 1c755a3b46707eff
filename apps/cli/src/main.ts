#!/usr/bin/env node
// `docket`: operator commands. `pnpm docket --help` lists them.
import { createWriteStream } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { EXPORT_FORMATS, USAGE_GRANULARITIES, type ExportFormat, type UsageGranularity } from '@docket/contracts/usage';
import { migrate } from '@docket/db/migrate';
import { reconcileStatistics } from '@docket/jobs/reconcile-statistics';
import { loadDocketApi } from './config.ts';
import { changeOperatorRole, listOperators, type RoleChange } from './change-operator-role.ts';
import { CliError, docketClient } from './docket-api.ts';
import { exportUsage } from './export-usage.ts';
import { submitFiles, waitForJob } from './submit-files.ts';
import { runningDatabaseUrl, withDatabase } from './with-database.ts';

const program = new Command()
  .name('docket')
  .description('Use and operate Docket. Operator commands (migrate, reconcile, users) work on DATABASE_URL, or the embedded database in DATA_DIR (default ./.docket), Docket running or not; submit and usage export talk to a running Docket at DOCKET_URL with DOCKET_TOKEN')
  .showHelpAfterError()
  .exitOverride();

program
  .command('migrate')
  .description('apply pending database migrations (start-up does this too)')
  .action(async () => {
    const { applied } = await withDatabase((_db, databaseUrl) => migrate({ databaseUrl }), { migrateFirst: false });
    console.log(applied.length ? `applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'database is up to date');
  });

program
  .command('reconcile')
  .description('recount the statistics (counters, hourly rollups) from the jobs and documents and report any difference; safe while Docket runs')
  .option('--repair', 'replace the numbers that differ with the recount')
  .option('--user <id>', 'check one user only')
  .action(async (options: { repair?: boolean; user?: string }) => {
    const report = await withDatabase((db) => reconcileStatistics(db, { repair: Boolean(options.repair), userId: options.user }));
    for (const drift of report.drift) {
      console.log(`${drift.scope} ${drift.key}\n  maintained: ${drift.maintained}\n  recounted:  ${drift.recounted}`);
    }
    const summary = `checked ${report.usersChecked} user(s) and ${report.organizationsChecked} organisation(s): ${report.drift.length === 0 ? 'no drift' : `${report.drift.length} difference(s)`}`;
    console.log(report.repaired ? `${summary}, repaired` : summary);
    if (report.drift.length > 0 && !report.repaired) process.exitCode = 1;
  });

program
  .command('database-url')
  .description('print the connection URL of the database Docket uses (DATABASE_URL, or the embedded server of the Docket running in DATA_DIR), password included: for pg_dump, psql and backups')
  .action(async () => {
    const url = await runningDatabaseUrl();
    if (!url) throw new CliError('no Docket is running on DATA_DIR, so its embedded database is not up: start Docket first');
    console.log(url);
  });

const users = program
  .command('users')
  .description('operator roles: a system admin reads every admin view; a super admin too, and runs these commands (they need the database, so whoever can run them holds the installation). Docket\'s HTTP API never changes a role; a change takes effect on the next request');
const ROLE_COMMANDS: Record<RoleChange, string> = {
  promote: 'make an account a system admin',
  demote: 'take every operator right away: a system admin or super admin becomes a plain user',
  'grant-super': 'make an account a super admin',
  'revoke-super': 'make a super admin a system admin again',
};
for (const [change, description] of Object.entries(ROLE_COMMANDS) as [RoleChange, string][]) {
  users
    .command(`${change} <email>`)
    .description(description)
    .action(async (email: string) => {
      const outcome = await withDatabase((db) => changeOperatorRole(db, email, change));
      if (!outcome) {
        console.error(`no account with email ${email}`);
        process.exitCode = 1;
        return;
      }
      console.log(outcome);
    });
}
users
  .command('operators')
  .description('list every system admin and super admin')
  .action(async () => {
    const operators = await withDatabase(listOperators);
    console.log(operators.length ? operators.map(({ email, role }) => `${role}\t${email}`).join('\n') : 'no operators: `docket users promote <email>` makes one');
  });

program
  .command('submit <files...>')
  .description('upload files as one job through the HTTP API (DOCKET_URL, DOCKET_TOKEN with jobs:write; --wait also needs jobs:read); prints the job id')
  .option('--wait', 'wait until the job is done, with a progress bar; exit 1 unless it completed')
  .action(async (files: string[], options: { wait?: boolean }) => {
    const client = docketClient(loadDocketApi());
    const job = await submitFiles(client, files);
    console.log(job.id);
    if (!options.wait) return;
    const done = await waitForJob(client, job.id);
    for (const document of done.documents) {
      if (document.status === 'failed') console.error(`failed: ${document.filename}: ${document.error}`);
    }
    console.error(`job ${done.id} ${done.status}${done.error ? `: ${done.error}` : ''}`);
    if (done.status !== 'completed') process.exitCode = 1;
  });

const usage = program.command('usage').description('metered usage for billing');
usage
  .command('export')
  .description('every user\'s usage of closed periods, one record per user, meter and period, to standard output (DOCKET_URL, DOCKET_TOKEN: an admin\'s token with usage:read or admin:read). record_id is stable: re-importing the same period never double-counts')
  .requiredOption('--from <date>', 'start of the range, a period boundary (e.g. 2026-11-01)')
  .requiredOption('--to <date>', 'end of the range, exclusive (e.g. 2026-12-01)')
  .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('csv'))
  .addOption(new Option('--granularity <period>', 'length of a billing period (UTC)').choices(USAGE_GRANULARITIES).default('daily'))
  .option('--include-open', 'also export periods that have not closed yet (their numbers can still grow)')
  .option('--organization <id>', 'only this organisation\'s records (the same bytes as in the full export)')
  .option('-o, --output <file>', 'write to a file instead of standard output')
  .action(async (options: { from: string; to: string; format: ExportFormat; granularity: UsageGranularity; includeOpen?: boolean; organization?: string; output?: string }) => {
    const client = docketClient(loadDocketApi());
    const output = options.output;
    await exportUsage(client, { ...options, includeOpen: Boolean(options.includeOpen) }, () => (output ? createWriteStream(output) : process.stdout));
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof CliError) {
    console.error(`docket: ${error.message}`);
    process.exit(2);
  }
  console.error(`docket: ${(error as Error).message}`);
  process.exit(1);
}
