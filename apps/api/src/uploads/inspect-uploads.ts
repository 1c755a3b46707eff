import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@docket/contracts/app-error';
import { stripInvisible } from '@docket/contracts/common';
import { detectFileType } from '@docket/extract/detect-file-type';
import type { IncomingFile } from '@docket/jobs/submit-job';

/**
 * A received file on local disk, before we know what it is; with its SHA-256 when it was hashed
 * while it was written, and its bytes when it is small and they were kept (detectFileType).
 */
export type ReceivedFile = { tempPath: string; originalName: string; sizeBytes: number; sha256?: string; content?: Uint8Array };

const SUPPORTED = 'PDF, DOCX, HTML, and text (UTF-8, UTF-16, Latin-1; Markdown and CSV included)';

/**
 * Turns received files into submittable ones: the type sniffed from the bytes (never the
 * name or the client's content type), the SHA-256 (read from the file unless it was hashed
 * while it was written), and a display name without path parts.
 * Nothing is stored when any file is unsupported: the whole request is a 415 and every
 * temp file is removed.
 */
export async function inspectUploads(files: ReceivedFile[]): Promise<IncomingFile[]> {
  try {
    const inspected: IncomingFile[] = [];
    const unsupported: string[] = [];
    for (const file of files) {
      const filename = displayName(file.originalName);
      const type = await detectFileType(file.tempPath, filename, file.content);
      if (!type) {
        unsupported.push(filename);
        continue;
      }
      inspected.push({ tempPath: file.tempPath, filename, mimeType: type.mimeType, sizeBytes: file.sizeBytes, sha256: file.sha256 ?? (await sha256Of(file.tempPath)) });
    }
    if (unsupported.length) {
      throw new AppError(
        'unsupported_media_type',
        `unsupported file type: ${unsupported.join(', ')} (supported: ${SUPPORTED})`,
        { files: unsupported },
      );
    }
    return inspected;
  } catch (error) {
    await discard(files);
    throw error;
  }
}

export async function discard(files: { tempPath: string }[]): Promise<void> {
  await Promise.all(files.map((file) => rm(file.tempPath, { force: true })));
}

/** `../../etc/passwd.txt` → `passwd.txt`; control, bidi and other invisible characters dropped; never empty. */
export function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = stripInvisible(base).trim().slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? 'document' : clean;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
