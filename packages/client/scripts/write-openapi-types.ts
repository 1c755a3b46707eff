// `pnpm openapi` (second step): regenerates src/generated/openapi.ts from docs/openapi.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { TYPES_URL, generateOpenApiTypes } from './openapi-types.ts';

await mkdir(new URL('.', TYPES_URL), { recursive: true });
await writeFile(TYPES_URL, await generateOpenApiTypes());
console.log(`wrote ${TYPES_URL.pathname}`);
