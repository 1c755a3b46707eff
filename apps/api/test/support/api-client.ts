import { randomUUID } from 'node:crypto';
import type { AuthResult } from '@docket/contracts/auth';
import { isTerminalJob, type Job } from '@docket/contracts/jobs';
import { specValidator } from './spec-validator.ts';

export type Reply<T = unknown> = { status: number; body: T; headers: Headers; text: string };

export type UploadFile = { name: string; content: Uint8Array | string; type?: string };

/**
 * A thin HTTP client for tests: JSON in, parsed JSON (or text) out, status kept. With
 * `organizationId`, every call carries it as x-tenantid (acts in that organisation). Every
 * answer is checked against docs/openapi.json (status listed, body and headers valid), so every
 * test that talks to the API through it also proves the spec true.
 */
export function apiClient(baseUrl: string, token?: string, organizationId?: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function call<T = any>(method: string, path: string, init: { json?: unknown; body?: RequestInit['body']; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(organizationId ? { 'x-tenantid': organizationId } : {}), ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (/^application\/json(;|$)/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    if (method !== 'HEAD') specValidator().check({ method, path: new URL(path, baseUrl).pathname, status: response.status, headers: response.headers, text, body: parsed });
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  }
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, { headers }), // eslint-disable-line @typescript-eslint/no-explicit-any
    post: <T = any>(path: string, json?: unknown, headers?: Record<string, string>) => call<T>('POST', path, { json, headers }), // eslint-disable-line @typescript-eslint/no-explicit-any
    patch: <T = any>(path: string, json?: unknown, headers?: Record<string, string>) => call<T>('PATCH', path, { json, headers }), // eslint-disable-line @typescript-eslint/no-explicit-any
    delete: <T = any>(path: string) => call<T>('DELETE', path), // eslint-disable-line @typescript-eslint/no-explicit-any
    raw: call,
    upload(files: UploadFile[], headers?: Record<string, string>, field = 'files') {
      const form = new FormData();
      for (const file of files) form.append(field, new Blob([file.content], { type: file.type ?? 'application/octet-stream' }), file.name);
      return call<any>('POST', '/api/jobs', { body: form, headers }); // eslint-disable-line @typescript-eslint/no-explicit-any
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Registers a fresh user and returns a client holding its access token. */
export async function signUp(baseUrl: string): Promise<{ client: ApiClient; auth: AuthResult; password: string }> {
  const password = 'correct horse battery staple';
  const reply = await apiClient(baseUrl).post<AuthResult>('/api/auth/register', { email: `user-${randomUUID()}@example.com`, password });
  if (reply.status !== 201) throw new Error(`sign-up failed: ${reply.status} ${reply.text}`);
  return { client: apiClient(baseUrl, reply.body.access_token), auth: reply.body, password };
}

/** Signs in an existing account (e.g. the ADMIN_EMAIL one) and returns a client holding its access token. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<ApiClient> {
  const reply = await apiClient(baseUrl).post<AuthResult>('/api/auth/login', { email, password });
  if (reply.status !== 200) throw new Error(`sign-in failed: ${reply.status} ${reply.text}`);
  return apiClient(baseUrl, reply.body.access_token);
}

/** Polls a job until `done` holds (default: terminal) or the timeout passes. */
export async function waitForJob(client: ApiClient, jobId: string, done: (job: Job) => boolean = (job) => isTerminalJob(job.status), timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await client.get<Job>(`/api/jobs/${jobId}`);
    if (reply.status !== 200) throw new Error(`GET job ${jobId}: ${reply.status} ${reply.text}`);
    if (done(reply.body)) return reply.body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not settle in ${timeoutMs} ms: ${JSON.stringify(reply.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
