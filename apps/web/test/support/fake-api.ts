import { vi } from 'vitest';

/** A request the page made: what it asked and which organisation it named (x-tenantid). */
export type SeenRequest = { method: string; path: string; query: URLSearchParams; organization: string | undefined; body: unknown };

/** An answer other than 200: a status and, unless 204, a JSON body. */
export class Answer {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body?: unknown) {
    this.status = status;
    this.body = body;
  }
}

/** The error body the server sends with `status`. */
export const errorAnswer = (status: number, code: string, message: string) => new Answer(status, { error: { code, message }, request_id: 'req-1' });

type Route = ((request: SeenRequest) => unknown) | unknown;

/**
 * Stands in for the Docket server behind `fetch`: `routes` maps `"METHOD /path"` (no query) to
 * a 200 JSON body or an `Answer`, or to a function of the request that gives one. Returns
 * every request made, in order. Anything unrouted is a 404, so a page asking for something
 * unexpected fails its test.
 */
export function fakeApi(routes: Record<string, Route>): SeenRequest[] {
  const seen: SeenRequest[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://docket.test');
    const request: SeenRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      organization: new Headers(init.headers).get('x-tenantid') ?? undefined,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    seen.push(request);
    const route = routes[`${request.method} ${request.path}`];
    const result = typeof route === 'function' ? route(request) : route;
    const answer = result instanceof Answer ? result : result === undefined ? errorAnswer(404, 'not_found', `no route for ${request.method} ${request.path}`) : new Answer(200, result);
    return answer.status === 204 ? new Response(null, { status: 204 }) : new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  });
  return seen;
}
