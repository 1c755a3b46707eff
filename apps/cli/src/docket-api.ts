import { createDocketClient, DocketConnectionError, DocketError, type DocketClient } from '@docket/client';

/** What `docket` needs to talk to a running Docket over HTTP, from DOCKET_URL and DOCKET_TOKEN. */
export type DocketApi = { url: string; token: string };

export class CliError extends Error {}

/** The typed client of the Docket at DOCKET_URL, with DOCKET_TOKEN. */
export function docketClient(api: DocketApi): DocketClient {
  return createDocketClient({ baseUrl: api.url, token: api.token });
}

/**
 * Runs calls of the client and returns what they return. What went wrong becomes a CliError
 * in the server's own words (its `error.message`), with a hint for the usual causes.
 */
export async function callDocket<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DocketConnectionError) throw new CliError(error.message);
    if (error instanceof DocketError && error.status === 401) throw new CliError(`DOCKET_TOKEN was refused: ${error.message}`);
    if (error instanceof DocketError) throw new CliError(`Docket answered ${error.status}: ${error.message}`);
    throw error;
  }
}
