import type { AdminOrganization, AdminOrganizationPage, AdminOrganizationQuery } from '@docket/contracts/admin';
import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';

/**
 * The organisation an operator narrows an admin view to (`x-tenantid`), by its primary key.
 * Operators may see every organisation, so an unknown id is told apart: 404.
 * @throws AppError not_found
 */
export async function requireOrganization(db: Db, organizationId: string): Promise<string> {
  const row = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true } });
  if (!row) throw new AppError('not_found', `no organisation with id ${organizationId}`);
  return row.id;
}

type Position = { name: string; id: string };

/** Opaque to clients: base64url of `[name, id]`, the position after a page's last row. */
const encodePosition = (row: Position) => Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url');

/** @throws AppError invalid_cursor for anything a previous page did not hand out. */
function decodePosition(cursor: string): Position {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && isUuid(id)) return { name, id };
  } catch {
    // fall through: any undecodable cursor is the client's error
  }
  throw new AppError('invalid_cursor', 'cursor is malformed; pass the next_cursor of a previous page');
}

/** `%…%` for LIKE with the query's own `%`, `_` and `\` matched literally. */
const containing = (query: string) => `%${query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/**
 * Every organisation by name (then id), for an operator to pick one: keyset pages over
 * organizations_name_id_idx, optionally only names containing `query` (any case) — or the
 * organisation whose id `query` is. A name filter walks the index in order and stops once
 * a page is full, so a page costs at most the rows up to its last match.
 */
export async function searchOrganizations(db: Db, query: AdminOrganizationQuery): Promise<AdminOrganizationPage> {
  const after = query.cursor === undefined ? Prisma.empty : (({ name, id }: Position) => Prisma.sql`AND (o.name, o.id) > (${name}, ${id}::uuid)`)(decodePosition(query.cursor));
  const text = query.query ?? '';
  const matching = text === '' ? Prisma.empty : isUuid(text) ? Prisma.sql`AND o.id = ${text.toLowerCase()}::uuid` : Prisma.sql`AND o.name ILIKE ${containing(text)}`;
  const rows = await db.$queryRaw<Array<Position & { personal: boolean; members: bigint; created_at: Date }>>`
    SELECT o.id::text, o.name, o.personal_user_id IS NOT NULL AS personal, o.created_at,
           (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id) AS members
    FROM organizations o
    WHERE true ${matching} ${after}
    ORDER BY o.name, o.id
    LIMIT ${query.limit + 1}`;
  const present = (row: (typeof rows)[number]): AdminOrganization => ({
    id: row.id,
    name: row.name,
    personal: row.personal,
    members: Number(row.members),
    created_at: row.created_at.toISOString(),
  });
  const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
  return { items: rows.slice(0, query.limit).map(present), next_cursor: last ? encodePosition(last) : null };
}
