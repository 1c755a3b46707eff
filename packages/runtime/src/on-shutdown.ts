import type { Logger } from 'pino';

/**
 * Runs `steps` in order on the first SIGINT/SIGTERM, then exits 0 (1 if a step failed).
 * A second signal while shutting down exits at once.
 */
export function onShutdown(logger: Logger, steps: Array<[name: string, run: () => Promise<unknown>]>): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    let failed = false;
    for (const [name, run] of steps) {
      try {
        await run();
      } catch (error) {
        failed = true;
        logger.error({ err: error, step: name }, 'shutdown step failed');
      }
    }
    logger.info('shut down cleanly');
    logger.flush?.();
    process.exit(failed ? 1 : 0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
