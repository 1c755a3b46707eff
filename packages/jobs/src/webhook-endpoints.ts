import { requirePermissionLocked } from '@docket/auth/organizations/memberships';
import { AppError } from '@docket/contracts/app-error';
import { isUuid, type PageQuery } from '@docket/contracts/common';
import type { CreatedWebhookEndpoint, WebhookEndpoint, WebhookEndpointList } from '@docket/contracts/webhooks';
import { requirePermission, type OrganizationCaller } from '@docket/contracts/organizations';
import type { Db } from '@docket/db/create-prisma';
import { afterCursor, decodeCursor, pageFrom } from './keyset-cursor.ts';
import { newSigningSecret } from './signing-secret.ts';

type EndpointRow = { id: string; name: string; createdAt: Date };

/** Where inbound calls for an endpoint go, relative to the API's public base URL. */
export const inboundWebhookPath = (endpointId: string): string => `/api/webhooks/${endpointId}`;

function present(row: EndpointRow, baseUrl: string): WebhookEndpoint {
  return { id: row.id, name: row.name, url: `${baseUrl}${inboundWebhookPath(row.id)}`, created_at: row.createdAt.toISOString() };
}

/**
 * Creates an inbound webhook endpoint of the caller's organisation with a fresh Standard
 * Webhooks secret (shown only now). Its jobs belong to the organisation and count as the
 * creator's submissions. The role is checked again under the organisation's lock, in the
 * transaction that inserts: an admin demoted or removed a moment ago creates nothing.
 * @throws AppError forbidden (owners and admins manage endpoints)
 */
export async function createWebhookEndpoint(db: Db, caller: OrganizationCaller, name: string, baseUrl: string): Promise<CreatedWebhookEndpoint> {
  requirePermission(caller, 'administer', 'creating webhook endpoints');
  const secret = newSigningSecret();
  const row = await db.$transaction(async (tx) => {
    await requirePermissionLocked(tx, caller, 'administer', 'creating webhook endpoints');
    return tx.webhookEndpoint.create({
      data: { organizationId: caller.organizationId, userId: caller.userId, name, secret },
      select: { id: true, name: true, createdAt: true },
    });
  });
  return { ...present(row, baseUrl), secret };
}

/** The organisation's live endpoints, newest first, without secrets. */
export async function listWebhookEndpoints(db: Db, caller: OrganizationCaller, page: PageQuery, baseUrl: string): Promise<WebhookEndpointList> {
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await db.webhookEndpoint.findMany({
    where: { organizationId: caller.organizationId, deletedAt: null, ...afterCursor(cursor) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    select: { id: true, name: true, createdAt: true },
  });
  return pageFrom(rows, page.limit, (row) => present(row, baseUrl));
}

/**
 * Deletes an endpoint: inbound calls to it answer 404 from now on; its jobs keep their history.
 * Like creating, the role is checked again under the organisation's lock.
 * @throws AppError not_found (also for other organisations' endpoints), forbidden
 */
export async function deleteWebhookEndpoint(db: Db, caller: OrganizationCaller, endpointId: string, now: Date): Promise<void> {
  if (!isUuid(endpointId)) throw new AppError('not_found', 'webhook endpoint not found');
  requirePermission(caller, 'administer', 'deleting webhook endpoints');
  const { count } = await db.$transaction(async (tx) => {
    await requirePermissionLocked(tx, caller, 'administer', 'deleting webhook endpoints');
    return tx.webhookEndpoint.updateMany({
      where: { id: endpointId, organizationId: caller.organizationId, deletedAt: null },
      data: { deletedAt: now },
    });
  });
  if (count === 0) throw new AppError('not_found', 'webhook endpoint not found');
}

/** An endpoint's jobs belong to its organisation and count as its creator's submissions. */
export type InboundEndpoint = { id: string; organizationId: string; userId: string; secret: string };

/** The live endpoint an inbound call names, with its secret for signature verification. */
export async function findInboundEndpoint(db: Db, endpointId: string): Promise<InboundEndpoint> {
  const endpoint = isUuid(endpointId)
    ? await db.webhookEndpoint.findFirst({ where: { id: endpointId, deletedAt: null }, select: { id: true, organizationId: true, userId: true, secret: true } })
    : null;
  if (!endpoint) throw new AppError('not_found', 'webhook endpoint not found');
  return endpoint;
}

/**
 * The job of a message an endpoint has already accepted (Standard Webhooks retries carry
 * the same `webhook-id`), or null. A hint that saves reading a retried body again:
 * submitJob still settles a race between two copies of one message.
 */
export async function findWebhookMessageJob(db: Db, endpointId: string, messageId: string): Promise<string | null> {
  const seen = await db.webhookMessage.findUnique({ where: { endpointId_messageId: { endpointId, messageId } }, select: { jobId: true } });
  return seen?.jobId ?? null;
}
