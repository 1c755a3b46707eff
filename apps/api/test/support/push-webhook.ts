import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { apiClient, type Reply } from './api-client.ts';

/** POSTs `payload` to an inbound webhook endpoint as its sender would: a fresh webhook-id, signed with the endpoint's secret now. */
export function pushWebhook(baseUrl: string, endpoint: { id: string; secret: string }, payload: string): Promise<Reply<{ job_id: string }>> {
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  return apiClient(baseUrl).raw<{ job_id: string }>('POST', `/api/webhooks/${endpoint.id}`, {
    body: payload,
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(endpoint.secret).sign(id, at, payload) },
  });
}
