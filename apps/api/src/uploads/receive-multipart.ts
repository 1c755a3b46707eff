import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import multer from 'multer';
import type { ApiDeps } from '../api-deps.ts';
import type { ReceivedFile } from './inspect-uploads.ts';

/**
 * Streams the `files` parts of a multipart request to temp files (never into memory).
 * Limits are enforced while streaming: an oversized file or one file too many aborts the
 * request with 413 and multer removes what it had written.
 */
export function receiveMultipart(settings: Pick<ApiDeps['settings'], 'tempDir' | 'maxFileSizeBytes' | 'maxFiles'>): RequestHandler {
  return multer({
    storage: multer.diskStorage({ destination: settings.tempDir, filename: (_req, _file, done) => done(null, `upload-${randomUUID()}`) }),
    limits: { fileSize: settings.maxFileSizeBytes, files: settings.maxFiles, fields: 20, parts: settings.maxFiles + 20 },
    defParamCharset: 'utf8',
  }).array('files');
}

export function receivedFiles(files: Express.Multer.File[] | undefined): ReceivedFile[] {
  return (files ?? []).map((file) => ({ tempPath: file.path, originalName: file.originalname, sizeBytes: file.size }));
}
