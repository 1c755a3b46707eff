import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import multer from 'multer';
import type { ReceivedFile } from './inspect-uploads.ts';

export type UploadLimits = { maxFileSizeBytes: number; maxFiles: number };

/**
 * Streams the `files` parts of a multipart request to temp files (never into memory).
 * Limits are enforced while streaming: an oversized file or one file too many aborts the
 * request with 413 and multer removes what it had written.
 */
export function receiveMultipart(tempDir: string, limits: UploadLimits): RequestHandler {
  return multer({
    storage: multer.diskStorage({ destination: tempDir, filename: (_req, _file, done) => done(null, `upload-${randomUUID()}`) }),
    limits: { fileSize: limits.maxFileSizeBytes, files: limits.maxFiles, fields: 20, parts: limits.maxFiles + 20 },
    defParamCharset: 'utf8',
  }).array('files');
}

export function receivedFiles(files: Express.Multer.File[] | undefined): ReceivedFile[] {
  return (files ?? []).map((file) => ({ tempPath: file.path, originalName: file.originalname, sizeBytes: file.size }));
}
