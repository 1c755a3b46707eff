import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeInflatingDocx } from '../../../../test/fixtures/documents.ts';
import { watchExtractors } from '../../../../test/support/extractor-processes.ts';
import { signUp, waitForJob } from '../support/api-client.ts';
import { startTestDocket, type TestDocket } from '../support/test-docket.ts';
import { watchProcess } from '../support/watch-process.ts';

const EXTRACT_MEMORY_MB = 256;

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ EXTRACT_MEMORY_MB: String(EXTRACT_MEMORY_MB) });
});
afterAll(async () => {
  await docket?.stop();
});

it.skipIf(process.platform !== 'linux')('fails a DOCX that declares 1,000 bytes but inflates to 1 GB, with a readable reason, on its first attempt, without growing Docket by 300 MB', async () => {
  const { client } = await signUp(docket.url);
  const bomb = makeInflatingDocx(1024, 1_000);
  expect(bomb.length).toBeLessThan(2 * 1024 * 1024);

  const { result: cost, peakExtractorMb } = await watchExtractors(() =>
    watchProcess(async () => {
      const submitted = await client.upload([{ name: 'report.docx', content: bomb }]);
      expect(submitted.status).toBe(202);
      return waitForJob(client, submitted.body.id);
    }),
  );

  const job = cost.result;
  expect(job.status).toBe('failed');
  expect(job.documents[0]!.error).toBe('DOCX part word/document.xml inflates to more than the 1 KB it declares (a compression bomb?)');
  // Failed for good on the first delivery: not crashed, not handed back to the queue.
  const row = await docket.db.document.findUniqueOrThrow({ where: { id: job.documents[0]!.id }, select: { attempts: true } });
  expect(row.attempts).toBe(1);
  // The whole tree: this process (API and worker) and the extractor that read the bomb.
  expect(cost.rssGrowthBytes).toBeLessThan(300 * 1024 * 1024);
  expect(peakExtractorMb).toBeGreaterThan(0);
  expect(peakExtractorMb).toBeLessThan(EXTRACT_MEMORY_MB + 150);
});
