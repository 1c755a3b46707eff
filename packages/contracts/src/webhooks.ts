import { z } from 'zod';
import { CallbackUrlSchema } from './callbacks.ts';
import { TimestampSchema, UuidSchema, displayNameSchema } from './common.ts';

export const CreateWebhookEndpointRequestSchema = z.object({ name: displayNameSchema(100) }).meta({ id: 'CreateWebhookEndpointRequest' });
export type CreateWebhookEndpointRequest = z.infer<typeof CreateWebhookEndpointRequestSchema>;

export const WebhookEndpointSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  /** Where the other system POSTs its documents. */
  url: z.string(),
  created_at: TimestampSchema,
}).meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

/** The create response: the only time the signing secret is shown. */
export const CreatedWebhookEndpointSchema = WebhookEndpointSchema.extend({ secret: z.string() }).meta({ id: 'CreatedWebhookEndpoint' });
export type CreatedWebhookEndpoint = z.infer<typeof CreatedWebhookEndpointSchema>;

export const WebhookEndpointListSchema = z.object({ items: z.array(WebhookEndpointSchema), next_cursor: z.string().nullable() }).meta({ id: 'WebhookEndpointList' });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointListSchema>;

/**
 * What base64 content may hold once its whitespace (line breaks of wrapped base64) is
 * removed: the alphabet, then at most two `=`. Anchored, one character class, no nested
 * quantifier: linear in the length of the text, whatever the text is.
 */
export const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;
const WHITESPACE = /\s+/g;

/** Base64 content as senders write it: whitespace anywhere is ignored. Checked in linear time. */
export const Base64ContentSchema = z
  .string()
  .refine((value) => BASE64_TEXT.test(value.replace(WHITESPACE, '')), 'content_base64 must be base64');

export const InboundDocumentSchema = z.object({
  filename: z.string().min(1, 'filename is required').max(255, 'filename must be at most 255 characters'),
  content_base64: Base64ContentSchema,
});

/**
 * The body of an inbound webhook (docs/api.md#inbound-webhooks). The server reads it as a
 * stream and decodes each document straight to disk (so it applies the field schemas
 * below, not this one); clients and tests use the whole.
 */
export const InboundWebhookBodySchema = z.object({
  documents: z.array(InboundDocumentSchema).min(1, 'documents must hold at least one document'),
  /** Where to POST the job when it is done (docs/api.md#completion-callbacks); checked by the server. */
  callback_url: CallbackUrlSchema.optional(),
}).meta({ id: 'InboundWebhookBody' });
export type InboundWebhookBody = z.infer<typeof InboundWebhookBodySchema>;

export const InboundWebhookAcceptedSchema = z.object({ job_id: UuidSchema }).meta({ id: 'InboundWebhookAccepted' });
export type InboundWebhookAccepted = z.infer<typeof InboundWebhookAcceptedSchema>;

/**
 * The Standard Webhooks headers that sign a call, both ways: other systems sign their
 * inbound webhooks with an endpoint's secret, and Docket signs its completion callbacks with
 * the user's callback secret. The signed text is `{webhook-id}.{webhook-timestamp}.{raw body}`.
 */
export const WebhookSignatureHeadersSchema = z.object({
  'webhook-id': z.string().min(1).max(255).meta({ description: 'The id of the message, the same on every retry of it: receivers skip ids they have already handled.' }),
  'webhook-timestamp': z
    .string()
    .regex(/^\d{1,12}$/)
    .meta({ description: 'When the message was signed, in unix seconds; a call more than 5 minutes off is refused.' }),
  'webhook-signature': z.string().min(1).meta({
    description: 'Space-separated signatures `v1,<base64 HMAC-SHA256 of the signed text>`, keyed by the secret (`whsec_<base64>`, the key is the base64 part); any one of them may match, so a sender can sign with two secrets while it rotates.',
  }),
});
