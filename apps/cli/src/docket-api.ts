/** What `docket` needs to talk to a running Docket over HTTP, from DOCKET_URL and DOCKET_TOKEN. */
export type DocketApi = { url: string; token: string };

export class CliError extends Error {}

/**
 * One API request, the response returned when it is 2xx. Anything else becomes a CliError
 * that says what went wrong in the server's own words (its `error.message`), with a hint
 * for the usual causes.
 */
export async function requestDocket(api: DocketApi, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${api.url}${path}`, { ...init, headers: { authorization: `Bearer ${api.token}`, ...init.headers } });
  } catch (error) {
    throw new CliError(`cannot reach Docket at ${api.url}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  if (response.ok) return response;
  const text = await response.text();
  const body = isJson(response) && text ? JSON.parse(text) : undefined;
  const message = body?.error?.message ?? (text.slice(0, 200) || response.statusText);
  if (response.status === 401) throw new CliError(`DOCKET_TOKEN was refused: ${message}`);
  throw new CliError(`Docket answered ${response.status}: ${message}`);
}

/** One API call with a JSON answer. */
export async function callDocket<T>(api: DocketApi, path: string, init: RequestInit = {}): Promise<T> {
  const response = await requestDocket(api, path, init);
  const text = await response.text();
  return (text && isJson(response) ? JSON.parse(text) : undefined) as T;
}

const isJson = (response: Response) => /^application\/json(;|$)/.test(response.headers.get('content-type') ?? '');
