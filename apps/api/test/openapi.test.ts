import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiJson } from '../src/openapi/openapi-document.ts';
import { apiClient, signUp } from './support/api-client.ts';
import { SPEC_PATH, createSpecValidator } from './support/spec-validator.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  await docket?.stop();
});

type Layer = { route?: { path: string; methods: Record<string, boolean> }; rawPath?: unknown; handle?: { stack?: Layer[] } };

/** Every `METHOD /path` the app routes, mounted routers included, with `:param` written `{param}` as OpenAPI does. */
function routesOf(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = `${prefix}${layer.route.path}`.replace(/(.)\/$/, '$1').replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${path}`);
    }
    // Middleware (static files, parsers, the dashboard) has no stack of its own; a mounted router does.
    if (!layer.handle?.stack) return [];
    const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return routesOf(layer.handle.stack, `${prefix}${mount}`);
  });
}

function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
}

describe('the OpenAPI document', () => {
  it('is committed as generated: docs/openapi.json is what the code makes (run `pnpm openapi` after changing a route or a contract)', async () => {
    expect(await readFile(SPEC_PATH, 'utf8')).toBe(openApiJson());
  });

  it('describes every route the app serves, and no route it does not', async () => {
    const routes = routesOf((docket.app as express.Express & { router: { stack: Layer[] } }).router.stack);
    const operations = operationsOf(JSON.parse(openApiJson()));
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((route) => !operations.includes(route))).toEqual([]);
    expect(operations.filter((operation) => !routes.includes(operation))).toEqual([]);
  });

  it('lists x-tenantid on exactly the operations that act in an organisation: a malformed one is their 400 and nobody else’s', async () => {
    const { client } = await signUp(docket.url);
    type Item = { get?: { parameters?: Array<{ $ref?: string }> } };
    const checked: Array<{ template: string; declared: boolean; refused: boolean }> = [];
    for (const [template, item] of Object.entries(JSON.parse(openApiJson()).paths as Record<string, Item>)) {
      if (!item.get) continue;
      const reply = await client.get(template.replace(/\{[^}]+\}/g, () => randomUUID()), { 'x-tenantid': 'not-a-uuid' });
      const refused = reply.status === 400 && /x-tenantid/.test(reply.body.error?.message ?? '');
      checked.push({ template, declared: item.get.parameters?.some((parameter) => parameter.$ref === '#/components/parameters/TenantId') ?? false, refused });
    }
    expect(checked.filter(({ declared, refused }) => declared !== refused)).toEqual([]);
    expect(checked.filter(({ declared }) => declared).length).toBeGreaterThan(8);
  });

  it('lists the admin views’ x-tenantid filter on exactly the admin operations that narrow to an organisation: for an operator, a malformed one is their 400', async () => {
    const { client, auth } = await signUp(docket.url);
    await docket.db.user.update({ where: { id: auth.user.id }, data: { role: 'system_admin' } });
    type Item = { get?: { parameters?: Array<{ $ref?: string }> } };
    const checked: Array<{ template: string; declared: boolean; refused: boolean }> = [];
    for (const [template, item] of Object.entries(JSON.parse(openApiJson()).paths as Record<string, Item>)) {
      if (!item.get || !template.startsWith('/api/admin/') || template.includes('/usage/')) continue;
      const reply = await client.get(template.replace(/\{[^}]+\}/g, () => randomUUID()), { 'x-tenantid': 'not-a-uuid' });
      const refused = reply.status === 400 && /x-tenantid/.test(reply.body.error?.message ?? '');
      checked.push({ template, declared: item.get.parameters?.some((parameter) => parameter.$ref === '#/components/parameters/AdminTenantId') ?? false, refused });
    }
    expect(checked.filter(({ declared, refused }) => declared !== refused)).toEqual([]);
    expect(checked.filter(({ declared }) => declared).map(({ template }) => template)).toEqual([
      '/api/admin/stats',
      '/api/admin/queues',
      '/api/admin/queues/{name}/stats',
      '/api/admin/workers',
      '/api/admin/workers/tasks/{id}',
    ]);
  });

  it('is served at /api/openapi.json, byte for byte the committed file', async () => {
    const reply = await apiClient(docket.url).get('/api/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(await readFile(SPEC_PATH, 'utf8'));
    expect(reply.body.openapi).toBe('3.1.0');
    // As a browser revalidates (fetch adds `no-cache` to a request with If-None-Match unless told otherwise).
    const again = await apiClient(docket.url).get('/api/openapi.json', { 'if-none-match': reply.headers.get('etag')!, 'cache-control': 'max-age=0' });
    expect(again.status).toBe(304);
  });
});

describe('checking answers against the spec', () => {
  const validator = createSpecValidator(JSON.parse(openApiJson()));
  const headers = (fields: Record<string, string>) => new Headers({ 'x-request-id': 'req-1', ...fields });
  const json = (body: unknown) => ({ headers: headers({ 'content-type': 'application/json; charset=utf-8' }), text: JSON.stringify(body), body });
  const job = { id: '0f8fad5b-d9cb-469f-a165-70867728950e', organization_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', user_id: '16fd2706-8baf-433b-82eb-8c7fada847da', job_type: 'single', status: 'queued', total_documents: 1, processed_count: 0, failed_count: 0, started_at: null, completed_at: null, created_at: '2026-01-15T10:30:00.000Z' };

  it('accepts an answer the spec lists', () => {
    expect(() => validator.check({ method: 'GET', path: '/api/jobs', status: 200, ...json({ items: [job], next_cursor: null }) })).not.toThrow();
  });

  it('refuses a status the operation does not list', () => {
    expect(() => validator.check({ method: 'GET', path: '/api/jobs', status: 409, ...json({ error: { code: 'conflict', message: 'x' }, request_id: 'req-1' }) })).toThrow(/status 409 is not listed for GET \/api\/jobs/);
  });

  it('refuses a body its schema does not allow: a missing field, an extra one, a wrong type', () => {
    const { created_at: _created, ...withoutCreated } = job;
    expect(() => validator.check({ method: 'GET', path: '/api/jobs', status: 200, ...json({ items: [withoutCreated], next_cursor: null }) })).toThrow(/must have required property 'created_at'/);
    expect(() => validator.check({ method: 'GET', path: '/api/jobs', status: 200, ...json({ items: [{ ...job, secret: 1 }], next_cursor: null }) })).toThrow(/must NOT have additional properties/);
    expect(() => validator.check({ method: 'GET', path: '/api/jobs', status: 200, ...json({ items: [{ ...job, status: 'lost' }], next_cursor: null }) })).toThrow(/must be equal to one of the allowed values/);
  });

  it('refuses a missing required header, an unlisted content type, and a non-404 for a path no operation serves', () => {
    const reply = { method: 'GET', path: '/api/jobs', status: 200, text: '{"items":[],"next_cursor":null}', body: { items: [], next_cursor: null } };
    expect(() => validator.check({ ...reply, headers: new Headers({ 'content-type': 'application/json' }) })).toThrow(/required header X-Request-Id is missing/);
    expect(() => validator.check({ ...reply, headers: headers({ 'content-type': 'text/html' }) })).toThrow(/content type text\/html is not listed/);
    expect(() => validator.check({ method: 'GET', path: '/api/nope', status: 200, ...json({}) })).toThrow(/must be a 404/);
  });

  it('lets a part of the API whose operations all need credentials refuse a caller before it finds no route, and no other part', () => {
    const refusal = json({ error: { code: 'insufficient_scope', message: 'API tokens cannot use this endpoint; sign in instead' }, request_id: 'req-1' });
    expect(() => validator.check({ method: 'POST', path: '/api/admin/stats', status: 403, ...refusal })).not.toThrow();
    expect(() => validator.check({ method: 'POST', path: '/api/nope', status: 403, ...refusal })).toThrow(/must be a 404/);
    // /api/auth has public operations: an unknown path there is a plain 404.
    expect(() => validator.check({ method: 'GET', path: '/api/auth/nope', status: 401, ...refusal })).toThrow(/must be a 404/);
  });
});
