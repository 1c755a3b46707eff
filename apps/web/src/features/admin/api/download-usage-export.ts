import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { ExportFormat, UsageGranularity } from '@docket/contracts/usage';
import { apiResponse } from '../../../lib/api-client.ts';

export type UsageExportRequest = { from: string; to: string; granularity: UsageGranularity; format: ExportFormat; includeOpen: boolean };
export type ExportProgress = { records: number; bytes: number };

/**
 * Downloads the billing export as a file, reading the stream as it arrives so the page can
 * show how far it got. The file name is the server's (Content-Disposition).
 */
export function useDownloadUsageExport() {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const mutation = useMutation({
    mutationFn: async (request: UsageExportRequest) => {
      const query = new URLSearchParams({ from: request.from, to: request.to, granularity: request.granularity, format: request.format });
      if (request.includeOpen) query.set('include_open', 'true');
      const response = await apiResponse(`/api/admin/usage/export?${query}`);
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      let lines = 0;
      // A CSV export starts with its header line; every other line is one record.
      const records = () => (request.format === 'csv' ? Math.max(0, lines - 1) : lines);
      setProgress({ records: 0, bytes: 0 });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) lines++;
        setProgress({ records: records(), bytes });
      }
      const name = response.headers.get('content-disposition')?.match(/filename="([^"]+)"/)?.[1] ?? `docket-usage.${request.format}`;
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? 'text/plain' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: name });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { name, records: records(), through: response.headers.get('docket-usage-through') };
    },
  });
  return { ...mutation, progress };
}
