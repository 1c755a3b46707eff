import type { UsageMeter } from '@docket/contracts/usage';
import { formatBytes, formatCount, formatDuration } from '../../../lib/format.ts';

/** The meters the usage page shows, in order, each with its name and how to print a quantity of it. */
export const METERS: Array<{ meter: UsageMeter; label: string; format: (n: number) => string }> = [
  { meter: 'documents_processed', label: 'Documents processed', format: formatCount },
  { meter: 'pages_processed', label: 'Pages', format: formatCount },
  { meter: 'bytes_processed', label: 'Data processed', format: formatBytes },
  { meter: 'processing_ms', label: 'Processing time', format: formatDuration },
  { meter: 'jobs_submitted', label: 'Jobs submitted', format: formatCount },
];
