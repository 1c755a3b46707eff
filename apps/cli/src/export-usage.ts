import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type { ExportFormat } from '@docket/contracts/usage';
import type { DocketClient } from '@docket/client';
import { callDocket } from './docket-api.ts';

export type UsageExportOptions = {
  from: string;
  to: string;
  format: ExportFormat;
  granularity: 'hourly' | 'daily' | 'monthly';
  includeOpen: boolean;
  /** Only this organisation's records (`x-tenantid`); every organisation's without it. */
  organization?: string;
};

/**
 * Streams the admin usage export to `open()` as it arrives (constant memory, like the
 * server), counting records on `progress`: in place on a terminal, one summary line
 * otherwise. The output is opened only once Docket has accepted the request, so a refused
 * export leaves no empty file behind. `organization` narrows it to one organisation's records.
 * @returns the number of records and where the export really ends (the last closed period).
 */
export async function exportUsage(client: DocketClient, options: UsageExportOptions, open: () => NodeJS.WritableStream, progress: NodeJS.WriteStream = process.stderr): Promise<{ records: number; through: string | null }> {
  const scoped = options.organization === undefined ? client : client.inOrganization(options.organization);
  const { body, through } = await callDocket(() =>
    scoped.exportUsage({ from: options.from, to: options.to, format: options.format, granularity: options.granularity, ...(options.includeOpen && { include_open: 'true' }) }),
  );
  const out = open();

  let lines = 0;
  let shownAt = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (progress.isTTY && Date.now() - shownAt > 200) {
        shownAt = Date.now();
        progress.write(`\rexported ${recordsOf(lines).toLocaleString('en-US')} records\u001b[K`);
      }
      callback(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(body as ReadableStream), count, out, { end: out !== process.stdout });

  const records = recordsOf(lines);
  progress.write(`${progress.isTTY ? '\r' : ''}exported ${records.toLocaleString('en-US')} records${through ? ` (closed periods through ${through})` : ''}${progress.isTTY ? '\u001b[K' : ''}\n`);
  return { records, through };

  function recordsOf(lineCount: number): number {
    return options.format === 'csv' ? Math.max(0, lineCount - 1) : lineCount;
  }
}
