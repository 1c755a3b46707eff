import { Webhook } from 'standardwebhooks';
import { isTerminalJob } from '@docket/contracts/jobs';
import type { Clock } from '@docket/contracts/clock';
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
export async function deliverCallback(deps: { db: Db; clock: Clock }, settings: CallbackSettings, data: CallbackJobData): Promise<DeliveryResult> {
  const { db, clock } = deps;
  const row = await db.job.findUnique({ where: { id: data.job_id }, include: { documents: { orderBy: { position: 'asc' } } } });
  if (!row?.callbackUrl) return { kind: 'skipped', reason: 'job or its callback_url no longer exists' };
  if (!isTerminalJob(row.status)) return { kind: 'skipped', reason: `job is ${row.status} again (retried); its next outcome sends a new callback` };

  const { secret } = await getCallbackSecret(db, row.organizationId);
  const body = JSON.stringify(presentJob(row));
  const timestamp = clock();
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

  await recordAttempt(db, { jobId: data.job_id, messageId: data.message_id, url: row.callbackUrl, durationMs, at: clock(), ...outcome });
  return outcome.error === null ? { kind: 'delivered', statusCode: outcome.statusCode! } : { kind: 'failed', error: outcome.error };
}

/**
 * Records an attempt under the event's next attempt number, taken in the INSERT itself; the
 * unique key (job, message, attempt) turns a concurrent delivery of the same event (a
 * redelivery racing an automatic retry) into a conflict, and the loser takes the next number.
 */
async function recordAttempt(
  db: Db,
  attempt: { jobId: string; messageId: string; url: string; statusCode: number | null; error: string | null; excerpt: string | null; durationMs: number; at: Date },
): Promise<void> {
  for (;;) {
    const inserted = await db.$executeRaw`
      INSERT INTO callback_deliveries (job_id, message_id, attempt, url, status_code, error, response_excerpt, duration_ms, created_at)
      SELECT ${attempt.jobId}::uuid, ${attempt.messageId}, coalesce(max(attempt), 0) + 1, ${attempt.url}, ${attempt.statusCode}::int,
             ${attempt.error}, ${attempt.excerpt}, ${attempt.durationMs}::int, ${attempt.at}
      FROM callback_deliveries WHERE job_id = ${attempt.jobId}::uuid AND message_id = ${attempt.messageId}
      ON CONFLICT (job_id, message_id, attempt) DO NOTHING`;
    if (inserted === 1) return;
  }
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
