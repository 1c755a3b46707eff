import type { RequestHandler } from 'express';
import multer from 'multer';
import type { ApiDeps } from '../api-deps.ts';
import { hashingDiskStorage, type HashedFile } from './hashing-disk-storage.ts';
import type { ReceivedFile } from './inspect-uploads.ts';

/**
 * Streams the `files` parts of a multipart request to temp files (never into memory), hashing
 * them on the way (hashingDiskStorage).
 * Limits are enforced while streaming: an oversized file or one file too many aborts the
 * request with 413 and multer removes what it had written.
 */
export function receiveMultipart(settings: Pick<ApiDeps['settings'], 'tempDir' | 'maxFileSizeBytes' | 'maxFiles'>): RequestHandler {
  return multer({
    storage: hashingDiskStorage(settings.tempDir),
    limits: { fileSize: settings.maxFileSizeBytes, files: settings.maxFiles, fields: 20, parts: settings.maxFiles + 20 },
    defParamCharset: 'utf8',
  }).array('files');
}

export function receivedFiles(files: Express.Multer.File[] | undefined): ReceivedFile[] {
  return ((files ?? []) as HashedFile[]).map((file) => ({ tempPath: file.path, originalName: file.originalname, sizeBytes: file.size, sha256: file.sha256, content: file.content }));
}
