import { Router } from 'express';
import type { Db } from '@docket/db/create-prisma';

const READY_TIMEOUT_MS = 2_000;

/** Liveness and readiness: no token; readiness answers 200 only while the database does. */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({
        error: { code: 'unavailable', message: 'the database is not answering' },
        request_id: req.requestId,
      });
    } finally {
      clearTimeout(timer);
    }
  });
  return router;
}
