import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';
import type { Prisma } from './generated/prisma/client.ts';

export type Db = PrismaClient;
/** The client handed to the callback of `db.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

export type CreatePrismaOptions = {
  databaseUrl: string;
  /** Size of the pg pool behind Prisma's driver adapter. */
  maxConnections?: number;
};

/**
 * Creates a Prisma client over `pg` (no Prisma engine binary involved). Every process
 * makes exactly one and passes it down; nothing imports a global client.
 */
export function createPrisma({ databaseUrl, maxConnections = 10 }: CreatePrismaOptions): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: maxConnections });
  return new PrismaClient({ adapter });
}
