import { defineConfig } from 'prisma/config';

// Prisma's CLI reads this file. Only `prisma generate` runs here (migrations are applied
// by packages/db's runner), and generate needs no database URL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/docket' },
});
