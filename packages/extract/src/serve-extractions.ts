import { popplerAvailable } from './extract-pdf-with-poppler.ts';
import runExtractionTask, { type ExtractionTask, type ExtractionTaskResult } from './extraction-task.ts';

/** Parent → extractor: one document at a time. */
export type ExtractorRequest = { id: number; task: ExtractionTask };

/** Extractor → parent. `rss` reports are sent only where the parent cannot read /proc. */
export type ExtractorMessage = { kind: 'ready'; rss: number } | { kind: 'rss'; rss: number } | { kind: 'result'; id: number; result: ExtractionTaskResult };

const RSS_REPORT_MS = 100;

/**
 * The loop of an extractor child process: runs each task it is sent and answers with the
 * result as data (errors included, see ExtractionTaskResult). Exits when the parent goes
 * away (the IPC channel closes), so a killed worker leaves no extractors behind.
 */
export function serveExtractions(options: { reportRss: boolean }): void {
  const send = (message: ExtractorMessage) => process.send?.(message);
  process.on('message', (request: ExtractorRequest) => {
    void runExtractionTask(request.task).then((result) => send({ kind: 'result', id: request.id, result }));
  });
  process.on('disconnect', () => process.exit(0));
  void popplerAvailable(); // checked while the first document is on its way, not after it arrives
  if (options.reportRss) setInterval(() => send({ kind: 'rss', rss: process.memoryUsage.rss() }), RSS_REPORT_MS).unref();
  send({ kind: 'ready', rss: process.memoryUsage.rss() });
}
