import type { ErrorRequestHandler, RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '@docket/contracts/app-error';
import type { ErrorBody } from '@docket/contracts/common';
import { isDatabaseUnavailable } from './is-database-unavailable.ts';

/** Turns whatever a route threw into the error shape of docs/api.md#errors. The only place errors become HTTP. */
export function handleErrors(limits: { maxFileSizeMb: number; maxFiles: number }): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const appError = toAppError(error, limits);
    if (appError.code === 'internal') {
      req.log.error({ err: error }, 'unhandled error');
    }
    if (appError.code === 'unavailable' && !(error instanceof AppError)) req.log.warn({ err: error }, 'database unavailable');
    // A rate limiter sets its own Retry-After (seconds until its window resets).
    if ((appError.code === 'rate_limited' || appError.code === 'unavailable') && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', '1');
    const body: ErrorBody = {
      error: { code: appError.code, message: appError.message, ...(appError.details === undefined ? {} : { details: appError.details }) },
      request_id: req.requestId,
    };
    res.status(appError.status).json(body);
  };
}

/** Unknown paths are JSON 404s too. */
export const notFound: RequestHandler = (req) => {
  throw new AppError('not_found', `no route for ${req.method} ${req.path}`);
};

function toAppError(error: unknown, limits: { maxFileSizeMb: number; maxFiles: number }): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof multer.MulterError) {
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return new AppError('payload_too_large', `a file exceeds the ${Math.round(limits.maxFileSizeMb * 100) / 100} MB limit per file`);
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_PART_COUNT':
        return new AppError('payload_too_large', `too many files: at most ${limits.maxFiles} per request`);
      case 'LIMIT_UNEXPECTED_FILE':
        return new AppError('validation_failed', `unexpected file part "${error.field}": send files in parts named "files"`);
      default:
        return new AppError('validation_failed', `malformed multipart request: ${error.message}`);
    }
  }
  const bodyError = error as { type?: string; status?: number; message?: string };
  if (bodyError.type === 'entity.parse.failed') return new AppError('validation_failed', 'request body is not valid JSON');
  if (bodyError.type === 'entity.too.large') return new AppError('payload_too_large', 'request body is too large');
  if (bodyError.type === 'encoding.unsupported' || bodyError.type === 'charset.unsupported') {
    return new AppError('unsupported_media_type', bodyError.message ?? 'unsupported body encoding');
  }
  if (bodyError.status === 400 && typeof bodyError.message === 'string' && /multipart|boundary/i.test(bodyError.message)) {
    return new AppError('validation_failed', `malformed multipart request: ${bodyError.message}`);
  }
  if (isDatabaseUnavailable(error)) return new AppError('unavailable', 'the database is not answering; try again shortly');
  return new AppError('internal', 'internal error; the request id identifies it in the server logs');
}
