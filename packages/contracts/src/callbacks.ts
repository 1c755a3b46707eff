import { z } from 'zod';
import { TimestampSchema } from './common.ts';

/** A callback_url as submitted; whether it may be called is decided by the server (public https only). */
export const CallbackUrlSchema = z
  .string({ error: 'callback_url must be a single URL' })
  .trim()
  .min(1, 'callback_url must not be empty')
  .max(2048, 'callback_url must be at most 2048 characters');

export const CallbackSecretSchema = z.object({ secret: z.string().startsWith('whsec_') }).meta({ id: 'CallbackSecret' });
export type CallbackSecret = z.infer<typeof CallbackSecretSchema>;

/** One attempt to deliver a job's completion callback (GET /api/jobs/{id}/deliveries). */
export const CallbackDeliverySchema = z.object({
  attempt: z.number().int().min(1),
  /** The webhook-id of the transition this attempt delivers; retries share it. */
  message_id: z.string(),
  url: z.string(),
  status_code: z.number().int().nullable(),
  error: z.string().nullable(),
  /** The first bytes of the receiver's answer, for diagnosis; never more. */
  response_excerpt: z.string().nullable(),
  duration_ms: z.number().int(),
  created_at: TimestampSchema,
}).meta({ id: 'CallbackDelivery' });
export type CallbackDelivery = z.infer<typeof CallbackDeliverySchema>;

export const CallbackDeliveryListSchema = z.object({ items: z.array(CallbackDeliverySchema), next_cursor: z.string().nullable() }).meta({ id: 'CallbackDeliveryList' });
export type CallbackDeliveryList = z.infer<typeof CallbackDeliveryListSchema>;

/** `POST /api/jobs/{id}/deliveries`: a callback sent again on request, under the event's webhook-id. */
export const RedeliveryAcceptedSchema = z.object({ message_id: z.string() }).meta({ id: 'RedeliveryAccepted' });
export type RedeliveryAccepted = z.infer<typeof RedeliveryAcceptedSchema>;
