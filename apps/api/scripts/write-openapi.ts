// `pnpm openapi`: writes the API's OpenAPI document to docs/openapi.json for review (a test
// fails while the committed file differs from what the code generates).
import { writeFile } from 'node:fs/promises';
import { openApiJson } from '../src/openapi/openapi-document.ts';

const target = new URL('../../../docs/openapi.json', import.meta.url);
await writeFile(target, openApiJson());
console.log(`wrote ${target.pathname}`);
