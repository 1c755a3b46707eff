import type { Response } from 'express';
import type { ExportFormat, UsageRecord } from '@docket/contracts/usage';
import { headerLine, recordLine } from './usage-record-lines.ts';

/** Lines are gathered into chunks of about this size: one write per record would dominate. */
const CHUNK_BYTES = 64 * 1024;

/** Resolves when the response can take more, or is gone. */
function writable(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

/**
 * Streams records to the response with backpressure: memory holds one chunk and one cursor
 * batch, whatever the number of records. Stops (and so closes the cursor) when the client
 * goes away.
 */
export async function writeUsageExport(res: Response, format: ExportFormat, records: AsyncIterable<UsageRecord>): Promise<void> {
  let chunk = headerLine(format);
  for await (const record of records) {
    chunk += recordLine(format, record);
    if (chunk.length < CHUNK_BYTES) continue;
    if (res.destroyed) return;
    if (!res.write(chunk)) await writable(res);
    chunk = '';
  }
  if (!res.destroyed) res.end(chunk);
}
