#!/usr/bin/env node
// `docket`: operator commands. `pnpm docket --help` lists them.
import { Command, CommanderError } from 'commander';
import { migrate } from '@docket/db/migrate';
import { setUserRole } from './set-user-role.ts';
import { withDatabase } from './with-database.ts';

const program = new Command()
  .name('docket')
  .description('Operate a Docket installation: its database is DATABASE_URL, or the embedded one in DATA_DIR (default ./.docket) while Docket is stopped')
  .showHelpAfterError()
  .exitOverride();

program
  .command('migrate')
  .description('apply pending database migrations (start-up does this too)')
  .action(async () => {
    const { applied } = await withDatabase((_db, databaseUrl) => migrate({ databaseUrl }), { migrateFirst: false });
    console.log(applied.length ? `applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'database is up to date');
  });

const users = program.command('users').description('manage accounts');
for (const [name, role, verb] of [
  ['promote', 'admin', 'is now an admin'],
  ['demote', 'user', 'is no longer an admin'],
] as const) {
  users
    .command(`${name} <email>`)
    .description(name === 'promote' ? 'make an account an administrator' : 'take administrator rights away (effective immediately)')
    .action(async (email: string) => {
      if (!(await withDatabase((db) => setUserRole(db, email, role)))) {
        console.error(`no account with email ${email}`);
        process.exitCode = 1;
        return;
      }
      console.log(`${email} ${verb}`);
    });
}

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  console.error(`docket: ${(error as Error).message}`);
  process.exit(1);
}
