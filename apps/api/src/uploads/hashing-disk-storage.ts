import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type multer from 'multer';
import { SNIFF_BYTES } from '@docket/extract/detect-file-type';

/**
 * What the storage engine adds to a received file: its SHA-256, computed on the way to disk,
 * and the whole file when it is no longer than SNIFF_BYTES (so its type is sniffed from memory).
 */
export type HashedFile = Express.Multer.File & { sha256: string; content?: Buffer };

/**
 * A multer storage engine that writes each file part to a temp file in `directory` and hashes
 * it in the same pass, so the SHA-256 a document records costs no second read of the file. The
 * first SNIFF_BYTES are kept too, and handed on when they are the whole file: at most that much
 * memory per file part, and none once a file is longer.
 * multer's own limits still apply (its size limit aborts the part's stream); a file whose
 * stream fails is removed before the error is reported, and multer removes the files of a
 * request it aborts through `_removeFile`.
 */
export function hashingDiskStorage(directory: string): multer.StorageEngine {
  return {
    _handleFile(_req: Request, file: Express.Multer.File, done: (error?: Error | null, info?: Partial<HashedFile>) => void) {
      const target = path.join(directory, `upload-${randomUUID()}`);
      const hash = createHash('sha256');
      let size = 0;
      let head: Buffer[] | undefined = [];
      const hashing = new Transform({
        transform(chunk: Buffer, _encoding, next) {
          hash.update(chunk);
          size += chunk.length;
          if (size <= SNIFF_BYTES) head?.push(chunk);
          else head = undefined;
          next(null, chunk);
        },
      });
      pipeline(file.stream, hashing, createWriteStream(target)).then(
        () => done(null, { destination: directory, filename: path.basename(target), path: target, size, sha256: hash.digest('hex'), content: head && Buffer.concat(head) }),
        (error: Error) => rm(target, { force: true }).then(() => done(error), done),
      );
    },
    _removeFile(_req: Request, file: Express.Multer.File, done: (error: Error | null) => void) {
      rm(file.path, { force: true }).then(() => done(null), done);
    },
  };
}
