import { Router } from 'express';
import type { ErrorBody } from '@docket/contracts/common';
import type { Health, Readiness } from '@docket/contracts/health';
import { freeDiskBytes } from '@docket/storage/free-disk-bytes';
import type { ApiDeps } from '../api-deps.ts';

const READY_TIMEOUT_MS = 2_000;

/**
 * Liveness and readiness: no token. Readiness answers 200 only while the database answers
 * and DATA_DIR's filesystem has at least MIN_FREE_DISK_MB free (a full disk would fail
 * every upload); otherwise 503 with every reason in the message.
 */
export function healthRoutes({ db, settings }: Pick<ApiDeps, 'db' | 'settings'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const body: Health = { status: 'ok' };
    res.json(body);
  });
  router.get('/readyz', async (req, res) => {
    const reasons = (await Promise.all([databaseProblem(), diskProblem()])).filter((reason) => reason !== null);
    if (reasons.length === 0) {
      const body: Readiness = { status: 'ready' };
      res.json(body);
      return;
    }
    const body: ErrorBody = { error: { code: 'unavailable', message: reasons.join('; ') }, request_id: req.requestId };
    res.status(503).json(body);
  });
  return router;

  async function databaseProblem(): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
      return null;
    } catch {
      return 'the database is not answering';
    } finally {
      clearTimeout(timer);
    }
  }

  async function diskProblem(): Promise<string | null> {
    if (settings.minFreeDiskBytes === 0) return null;
    let free: number;
    try {
      free = await freeDiskBytes(settings.tempDir);
    } catch (error) {
      return `the data directory cannot be checked (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    if (free >= settings.minFreeDiskBytes) return null;
    return `the data directory's disk has ${mb(free)} MB free, under the ${mb(settings.minFreeDiskBytes)} MB MIN_FREE_DISK_MB`;
  }
}

const mb = (bytes: number) => Math.floor(bytes / 1024 / 1024).toLocaleString('en');
