import { AppError } from '@docket/contracts/app-error';
import { isUuid, type PageQuery } from '@docket/contracts/common';
import type { CreatedWebhookEndpoint, WebhookEndpoint, WebhookEndpointList } from '@docket/contracts/webhooks';
import type { Db } from '@docket/db/create-prisma';
import { afterCursor, decodeCursor, pageFrom } from './keyset-cursor.ts';
import { newSigningSecret } from './signing-secret.ts';

type EndpointRow = { id: string; name: string; createdAt: Date };

/** Where inbound calls for an endpoint go, relative to the API's public base URL. */
export const inboundWebhookPath = (endpointId: string): string => `/api/webhooks/${endpointId}`;

function present(row: EndpointRow, baseUrl: string): WebhookEndpoint {
  return { id: row.id, name: row.name, url: `${baseUrl}${inboundWebhookPath(row.id)}`, created_at: row.createdAt.toISOString() };
}

/** Creates an inbound webhook endpoint with a fresh Standard Webhooks secret (shown only now). */
export async function createWebhookEndpoint(db: Db, userId: string, name: string, baseUrl: string): Promise<CreatedWebhookEndpoint> {
  const secret = newSigningSecret();
  const row = await db.webhookEndpoint.create({ data: { userId, name, secret }, select: { id: true, name: true, createdAt: true } });
  return { ...present(row, baseUrl), secret };
}

/** The user's live endpoints, newest first, without secrets. */
export async function listWebhookEndpoints(db: Db, userId: string, page: PageQuery, baseUrl: string): Promise<WebhookEndpointList> {
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await db.webhookEndpoint.findMany({
    where: { userId, deletedAt: null, ...afterCursor(cursor) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    select: { id: true, name: true, createdAt: true },
  });
  return pageFrom(rows, page.limit, (row) => present(row, baseUrl));
}

/** Deletes an endpoint: inbound calls to it answer 404 from now on; its jobs keep their history. */
export async function deleteWebhookEndpoint(db: Db, userId: string, endpointId: string, now: Date): Promise<void> {
  if (!isUuid(endpointId)) throw new AppError('not_found', 'webhook endpoint not found');
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id: endpointId, userId, deletedAt: null },
    data: { deletedAt: now },
  });
  if (count === 0) throw new AppError('not_found', 'webhook endpoint not found');
}

export type InboundEndpoint = { id: string; userId: string; secret: string };

/** The live endpoint an inbound call names, with its secret for signature verification. */
export async function findInboundEndpoint(db: Db, endpointId: string): Promise<InboundEndpoint> {
  const endpoint = isUuid(endpointId)
    ? await db.webhookEndpoint.findFirst({ where: { id: endpointId, deletedAt: null }, select: { id: true, userId: true, secret: true } })
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
