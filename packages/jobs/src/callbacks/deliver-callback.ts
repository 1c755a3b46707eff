import { Webhook } from 'standardwebhooks';
import { isTerminalJob } from '@docket/contracts/jobs';
import type { Db } from '@docket/db/create-prisma';
import type { CallbackJobData } from '@docket/queue/queues';
import { presentJob } from '../present-job.ts';
import { getCallbackSecret } from './callback-secrets.ts';
import { CallbackTargetError, resolveCallbackTarget } from './callback-target.ts';
import { CALLBACK_TIMEOUT_MS, postCallback, type CallbackResponse } from './post-callback.ts';

export type CallbackSettings = {
  /** CALLBACK_ALLOW_PRIVATE: development and tests only. */
  allowPrivate: boolean;
  /** How long a receiver may take to answer (tests shorten it). */
  timeoutMs?: number;
};

export type DeliveryResult =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'skipped'; reason: string }
  /** Recorded; the caller throws so the queue retries with backoff. */
  | { kind: 'failed'; error: string };

/**
 * One delivery attempt of a job's completion callback: the Job JSON as it is now, signed the
 * Standard Webhooks way with the user's callback secret, POSTed to the job's callback_url
 * (re-checked against private addresses at every attempt: DNS may have changed since the
 * job was submitted). Every attempt is recorded. A job that is no longer terminal (retried
 * since) skips: its next terminal transition sends its own callback.
 */
export async function deliverCallback(db: Db, settings: CallbackSettings, data: CallbackJobData): Promise<DeliveryResult> {
  const row = await db.job.findUnique({ where: { id: data.job_id }, include: { documents: { orderBy: { position: 'asc' } } } });
  if (!row?.callbackUrl) return { kind: 'skipped', reason: 'job or its callback_url no longer exists' };
  if (!isTerminalJob(row.status)) return { kind: 'skipped', reason: `job is ${row.status} again (retried); its next outcome sends a new callback` };

  const { secret } = await getCallbackSecret(db, row.userId);
  const body = JSON.stringify(presentJob(row));
  const timestamp = new Date();
  const signature = new Webhook(secret).sign(data.message_id, timestamp, body);
  const headers = { 'webhook-id': data.message_id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature };

  const started = performance.now();
  let outcome: { statusCode: number | null; error: string | null; excerpt: string | null };
  try {
    const target = await resolveCallbackTarget(row.callbackUrl, settings.allowPrivate);
    const response = await postCallback(target, body, headers, settings.timeoutMs ?? CALLBACK_TIMEOUT_MS);
    outcome = { statusCode: response.statusCode, excerpt: response.excerpt || null, error: answerError(response) };
  } catch (error) {
    const reason = error instanceof CallbackTargetError ? error.message : describeNetworkError(error as NodeJS.ErrnoException);
    outcome = { statusCode: null, error: reason, excerpt: null };
  }
  const durationMs = Math.round(performance.now() - started);

  const previous = await db.callbackDelivery.count({ where: { jobId: data.job_id, messageId: data.message_id } });
  await db.callbackDelivery.create({
    data: {
      jobId: data.job_id,
      messageId: data.message_id,
      attempt: previous + 1,
      url: row.callbackUrl,
      statusCode: outcome.statusCode,
      error: outcome.error,
      responseExcerpt: outcome.excerpt,
      durationMs,
    },
  });
  return outcome.error === null ? { kind: 'delivered', statusCode: outcome.statusCode! } : { kind: 'failed', error: outcome.error };
}

/** Null for a 2xx; otherwise why the answer does not count as delivered. */
function answerError({ statusCode, location }: CallbackResponse): string | null {
  if (statusCode >= 200 && statusCode < 300) return null;
  if (statusCode >= 300 && statusCode < 400) return `redirects are not followed (answered ${statusCode}${location ? ` to ${location}` : ''})`;
  return `receiver answered ${statusCode}`;
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused';
  if (error.code === 'ECONNRESET') return 'connection reset by the receiver';
  if (error.code?.startsWith('ERR_TLS') || error.code?.includes('CERT')) return `TLS failed: ${error.message}`;
  return error.message;
}
