import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '@docket/contracts/app-error';

/** What a Standard Webhooks call says about itself before its body is read. */
export type WebhookHeaders = {
  /** `webhook-id`: the sender's id of the message, the same on every retry of it. */
  id: string;
  /** `webhook-timestamp` exactly as sent (unix seconds): it is part of the signed text. */
  timestamp: string;
  /** Every `v1,` signature of `webhook-signature`, decoded; any one of them may match. */
  signatures: Buffer[];
};

/** Standard Webhooks' tolerance, both ways: a captured call cannot be replayed later. */
const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;
/** Message ids are stored and indexed; the spec's are short (`msg_…`). */
const MAX_ID_LENGTH = 255;
const HMAC_SHA256_BYTES = 32;

const refuse = (message: string) => new AppError('invalid_signature', `webhook signature rejected: ${message}`);

/**
 * Checks the Standard Webhooks headers of an inbound call — presence, format, and a
 * timestamp within 5 minutes of `now` — so that a call that can never verify is refused
 * before a byte of its body is read. The signature itself is checked over the body later.
 * @throws AppError invalid_signature (401)
 */
export function checkWebhookHeaders(headers: IncomingHttpHeaders, now: Date): WebhookHeaders {
  const id = single(headers['webhook-id']);
  const timestamp = single(headers['webhook-timestamp']);
  const signature = single(headers['webhook-signature']);
  if (!id || !timestamp || !signature) throw refuse('missing required headers (webhook-id, webhook-timestamp, webhook-signature)');
  if (id.length > MAX_ID_LENGTH) throw refuse(`webhook-id must be at most ${MAX_ID_LENGTH} characters`);
  if (!/^\d{1,12}$/.test(timestamp)) throw refuse('webhook-timestamp must be unix seconds');

  const skew = Number(timestamp) - Math.floor(now.getTime() / 1000);
  if (skew < -TIMESTAMP_TOLERANCE_SECONDS) throw refuse('message timestamp too old');
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) throw refuse('message timestamp too new');

  // "v1,<base64> v1,<base64> v1a,<…>": several during a secret rotation; other versions are ignored.
  const signatures = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'))
    .filter((decoded) => decoded.length === HMAC_SHA256_BYTES);
  if (signatures.length === 0) throw refuse('no v1 signature in webhook-signature');
  return { id, timestamp, signatures };
}

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}
