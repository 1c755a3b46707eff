import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { TYPES_URL, generateOpenApiTypes } from '../scripts/openapi-types.ts';

it('commits the types docs/openapi.json generates (run `pnpm openapi` after changing the spec)', async () => {
  expect(await readFile(TYPES_URL, 'utf8')).toBe(await generateOpenApiTypes());
});
