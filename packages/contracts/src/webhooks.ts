import { z } from 'zod';
import { CallbackUrlSchema } from './callbacks.ts';
import { TimestampSchema, UuidSchema } from './common.ts';

export const CreateWebhookEndpointRequestSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters'),
});
export type CreateWebhookEndpointRequest = z.infer<typeof CreateWebhookEndpointRequestSchema>;

export const WebhookEndpointSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  /** Where the other system POSTs its documents. */
  url: z.string(),
  created_at: TimestampSchema,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

/** The create response: the only time the signing secret is shown. */
export const CreatedWebhookEndpointSchema = WebhookEndpointSchema.extend({ secret: z.string() });
export type CreatedWebhookEndpoint = z.infer<typeof CreatedWebhookEndpointSchema>;

export const WebhookEndpointListSchema = z.object({ items: z.array(WebhookEndpointSchema), next_cursor: z.string().nullable() });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointListSchema>;

export const InboundWebhookBodySchema = z.object({
  documents: z
    .array(
      z.object({
        filename: z.string().min(1, 'filename is required').max(255),
        content_base64: z.string().regex(/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/, 'content_base64 must be base64'),
      }),
    )
    .min(1, 'documents must hold at least one document'),
  /** Where to POST the job when it is done (API.md "Completion callbacks"); checked by the server. */
  callback_url: CallbackUrlSchema.optional(),
});
export type InboundWebhookBody = z.infer<typeof InboundWebhookBodySchema>;

export const InboundWebhookAcceptedSchema = z.object({ job_id: UuidSchema });
export type InboundWebhookAccepted = z.infer<typeof InboundWebhookAcceptedSchema>;
