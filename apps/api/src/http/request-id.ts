import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { RequestIdSchema } from '@docket/contracts/common';

/** Echoes a client's sane X-Request-Id, else makes one; every response carries it. */
export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  req.requestId = given !== undefined && RequestIdSchema.safeParse(given).success ? given : randomUUID();
  res.setHeader('X-Request-Id', req.requestId);
  next();
};
