// Generates the Prisma client into packages/db/src/generated. Prisma's CLI would otherwise
// look for its schema-engine binary, which it downloads from a CDN our machines cannot
// reach; `generate` does not need it, so point the CLI at a stub.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const stub = process.platform === 'win32' ? 'cmd /c exit 0' : '/bin/true';
const result = spawnSync('pnpm', ['exec', 'prisma', 'generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    ...process.env,
  },
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
