import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { oas31 } from 'zod-openapi';

/** The committed spec file: what clients generate from (a test keeps it equal to what the code generates). */
export const SPEC_PATH = new URL('../../../../docs/openapi.json', import.meta.url);

const SCHEMA_BASE = 'docket-openapi.json';

type Operation = { method: string; template: string; pattern: RegExp; params: number; operation: oas31.OperationObject };

export type ObservedResponse = { method: string; path: string; status: number; headers: Headers; text: string; body: unknown };

/**
 * Checks HTTP answers against the OpenAPI document in docs/openapi.json, as a client generated
 * from it would see them: the status must be listed for the operation that serves the path,
 * the content type must be one it lists for that status, a JSON body must be valid against
 * its schema (JSON Schema 2020-12, formats checked), and every header it marks required must
 * be there and valid. A path no operation serves must be the JSON 404 every unknown API path
 * gets. Schemas are compiled once per process, on first use.
 */
export function createSpecValidator(document: oas31.OpenAPIObject) {
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
  // A CommonJS module: its ESM default is module.exports, whose `default` is the plugin.
  addFormats.default(ajv);
  // Multipart file parts (request bodies only) and OpenAPI's annotation keyword.
  ajv.addFormat('binary', true);
  ajv.addKeyword('example');
  ajv.addSchema({ $id: SCHEMA_BASE, $defs: retarget(document.components?.schemas ?? {}) });
  const compiled = new Map<object, ValidateFunction>();
  const validatorOf = (schema: object) => {
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(retarget(schema) as object)));
    return validate;
  };

  const operations: Operation[] = Object.entries(document.paths ?? {}).flatMap(([template, item]) =>
    (['get', 'post', 'put', 'patch', 'delete'] as const)
      .filter((method) => item[method])
      .map((method) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
        params: (template.match(/\{/g) ?? []).length,
        operation: item[method]!,
      })),
  );

  function problemsWith(reply: ObservedResponse): string[] {
    // A literal segment wins over a parameter, as the router registers them (/api/jobs/limits before /api/jobs/:id).
    const served = operations.filter((candidate) => candidate.method === reply.method && candidate.pattern.test(reply.path)).sort((a, b) => a.params - b.params)[0];
    if (!served) {
      if (!reply.path.startsWith('/api/')) return [];
      const errorBody = () => checkJson(document.components?.schemas?.ErrorBody as object, reply.body);
      if (reply.status === 404) return errorBody();
      // A part of the API whose operations all need credentials checks them before it finds no route (/api/admin refuses every token's write).
      if ((reply.status === 401 || reply.status === 403) && guardedPrefix(reply.path)) return errorBody();
      return [`no operation serves it, so it must be a 404 (or the 401/403 of the guard of a part of the API whose operations need credentials), not ${reply.status}`];
    }
    const responses = served.operation.responses ?? {};
    const listed = responses[String(reply.status)] ?? responses[`${String(reply.status)[0]}XX`] ?? responses.default;
    if (!listed) return [`status ${reply.status} is not listed for ${served.method} ${served.template} (listed: ${Object.keys(responses).join(', ')})`];
    const response = resolve<oas31.ResponseObject>(listed);
    return [...checkHeaders(response, reply.headers), ...checkContent(response, reply)];
  }

  /** Whether `/api/<part>/…` is a part of the API where operations exist and every one of them needs credentials. */
  function guardedPrefix(path: string): boolean {
    const prefix = path.split('/').slice(0, 3).join('/');
    const under = operations.filter((candidate) => candidate.template === prefix || candidate.template.startsWith(`${prefix}/`));
    const needsCredentials = (security: oas31.SecurityRequirementObject[]) => security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0);
    return under.length > 0 && under.every((candidate) => needsCredentials(candidate.operation.security ?? document.security ?? []));
  }

  function checkHeaders(response: oas31.ResponseObject, headers: Headers): string[] {
    return Object.entries(response.headers ?? {}).flatMap(([name, declared]) => {
      const header = resolve<oas31.HeaderObject>(declared);
      const value = headers.get(name);
      if (value === null) return header.required ? [`required header ${name} is missing`] : [];
      return header.schema ? checkJson(header.schema, value).map((problem) => `header ${name}: ${problem}`) : [];
    });
  }

  function checkContent(response: oas31.ResponseObject, reply: ObservedResponse): string[] {
    const content = response.content;
    if (!content) return reply.text === '' ? [] : [`the spec lists no body for ${reply.status}, the server sent ${reply.text.length} characters`];
    const mediaType = (reply.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const declared = content[mediaType];
    if (!declared) return [`content type ${mediaType || '(none)'} is not listed for ${reply.status} (listed: ${Object.keys(content).join(', ')})`];
    if (!declared.schema) return [];
    return checkJson(declared.schema, mediaType === 'application/json' ? reply.body : reply.text);
  }

  function checkJson(schema: object, value: unknown): string[] {
    const validate = validatorOf(schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
  }

  function resolve<T>(value: unknown): T {
    const ref = (value as { $ref?: string }).$ref;
    if (!ref) return value as T;
    const [, kind, name] = ref.match(/^#\/components\/([^/]+)\/(.+)$/) ?? [];
    const target = (document.components as Record<string, Record<string, unknown>> | undefined)?.[kind!]?.[name!];
    if (!target) throw new Error(`unresolvable $ref ${ref} in the spec`);
    return resolve<T>(target);
  }

  return {
    /** @throws Error naming every way the answer differs from the spec. */
    check(reply: ObservedResponse): void {
      const problems = problemsWith(reply);
      if (problems.length) {
        throw new Error(`${reply.method} ${reply.path} → ${reply.status} does not match docs/openapi.json:\n  ${problems.join('\n  ')}\nbody: ${reply.text.slice(0, 500)}`);
      }
    },
  };
}

/** The component refs of the spec (`#/components/schemas/X`) pointed at the one schema resource that holds them. */
function retarget(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SCHEMA_BASE}#/$defs/`));
}

let shared: ReturnType<typeof createSpecValidator> | undefined;

/** The validator of the committed spec, made once per test process. */
export function specValidator(): ReturnType<typeof createSpecValidator> {
  shared ??= createSpecValidator(JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as oas31.OpenAPIObject);
  return shared;
}
