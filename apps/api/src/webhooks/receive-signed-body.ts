import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@docket/contracts/app-error';
import type { WebhookHeaders } from './check-webhook-headers.ts';
import { signingKeyOf } from '@docket/jobs/signing-secret';

/** A request body on local disk, read whole, with the HMAC of the signed text. */
export type SignedBody = { path: string; sizeBytes: number; digest: Buffer };

export type ReceiveSignedBodyOptions = {
  tempDir: string;
  /** The largest body accepted: what the documents of one call can legally need. */
  maxBytes: number;
  /** The endpoint's secret, `whsec_<base64 key>`. */
  secret: string;
  headers: WebhookHeaders;
};

/**
 * Streams a webhook body to a temp file while computing its Standard Webhooks HMAC
 * (`{id}.{timestamp}.{body}`), so memory does not follow the size of the body. Refused
 * before a byte is read: a `Content-Encoding` other than identity (415; an inflated body
 * would escape every limit) and a `Content-Length` over `maxBytes` (413); a body without
 * one is cut off at `maxBytes` (413). The temp file is removed on every failure, an
 * aborted request included; on success it belongs to the caller.
 * @throws AppError unsupported_media_type, payload_too_large, validation_failed (body ended early)
 */
export async function receiveSignedBody(req: IncomingMessage, options: ReceiveSignedBodyOptions): Promise<SignedBody> {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new AppError('unsupported_media_type', `Content-Encoding ${encoding} is not accepted: send the webhook body uncompressed`);
  }
  const tooLarge = () => new AppError('payload_too_large', `webhook body too large: at most ${options.maxBytes} bytes (the documents' size limits, base64-encoded)`);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > options.maxBytes) throw tooLarge();

  const hmac = createHmac('sha256', signingKeyOf(options.secret)).update(`${options.headers.id}.${options.headers.timestamp}.`);
  let sizeBytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.length;
      if (sizeBytes > options.maxBytes) return done(tooLarge());
      hmac.update(chunk);
      done(null, chunk);
    },
  });
  // `req` is piped, not put in the pipeline: a failure then stops reading without
  // destroying the socket, so the error can still be answered.
  const abort = () => {
    if (!req.complete) meter.destroy(new AppError('validation_failed', 'the request body ended before its end'));
  };
  req.once('error', abort).once('close', abort);
  const file = path.join(options.tempDir, `webhook-body-${randomUUID()}`);
  try {
    req.pipe(meter);
    await pipeline(meter, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    return { path: file, sizeBytes, digest: hmac.digest() };
  } catch (error) {
    req.unpipe(meter);
    await rm(file, { force: true });
    throw error;
  } finally {
    req.off('error', abort).off('close', abort);
  }
}

/**
 * Whether one of the call's `v1` signatures is the body's HMAC, compared in constant time.
 * @throws AppError invalid_signature (401) when none is
 */
export function verifySignature(body: SignedBody, headers: WebhookHeaders): void {
  const matches = headers.signatures.filter((signature) => timingSafeEqual(signature, body.digest));
  if (matches.length === 0) throw new AppError('invalid_signature', 'webhook signature rejected: no matching signature found');
}
