import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { AppError } from '@docket/contracts/app-error';

/**
 * The built dashboard (apps/web/dist) on the API's own origin: hashed assets cached for a
 * year, and index.html for every other GET that is not an API path, so client-side routes
 * survive a reload. Source maps are never served, even when a development build left
 * some in dist/. Absent build → no routes (the API still works; README says how to build).
 */
export function serveDashboard(distDir: string): Router {
  const router = Router();
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return router;
  router.use((req, _res, next) => {
    if (req.path.endsWith('.map')) throw new AppError('not_found', `no route for ${req.method} ${req.path}`);
    next();
  });
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  router.use(express.static(distDir, { index: false }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
