// `pnpm start`: the whole of Docket in one process (API + worker, embedded Postgres
// unless DATABASE_URL is set). Configuration comes from the environment (see README).
import { pino } from 'pino';
import { configOrExit } from '@docket/runtime/parse-config';
import { onShutdown } from '@docket/runtime/on-shutdown';
import { loadApiConfig } from './config.ts';
import { startDocket } from './start-docket.ts';

const config = configOrExit(loadApiConfig);
const logger = pino({ level: config.LOG_LEVEL, base: { service: 'docket' } });

try {
  const docket = await startDocket(config, logger);
  console.log(`\nDocket is listening on ${docket.url}\nDatabase: ${docket.database}\nPress Ctrl-C to stop.\n`);
  onShutdown(logger, [['docket', () => docket.stop()]]);
} catch (error) {
  logger.debug({ err: error }, 'start-up failure');
  console.error(`Docket failed to start: ${(error as Error).message}`);
  process.exit(1);
}
