import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStatsSchema } from '@docket/contracts/history';
import { JobPageSchema } from '@docket/contracts/jobs';
import { signUp, waitForJob } from './support/api-client.ts';
import { ENGLISH, corruptPdf, makeDocx, makePdf } from '../../../test/fixtures/documents.ts';
import { recountHistory, recountJobRows, rollupDifferences } from '../../../test/support/recount.ts';
import { startTestDocket, type TestDocket } from './support/test-docket.ts';

let docket: TestDocket;
beforeAll(async () => {
  docket = await startTestDocket({ MAX_ATTEMPTS: '2' });
});
afterAll(async () => {
  await docket?.stop();
});

describe('documents through the real worker', () => {
  it('extracts a single text file: counts, language and text', async () => {
    const { client } = await signUp(docket.url);
    const submitted = (await client.upload([{ name: 'fox.txt', content: ENGLISH }])).body;
    const job = await waitForJob(client, submitted.id);
    expect(job).toMatchObject({ status: 'completed', processed_count: 1, failed_count: 0, error: null });
    expect(job.started_at).not.toBeNull();
    expect(job.documents[0]).toMatchObject({ status: 'succeeded', word_count: 21, language: 'eng', page_count: null, error: null, metadata: { encoding: 'utf-8' } });

    const text = await client.get(`/api/jobs/${job.id}/documents/${job.documents[0]!.id}/text`);
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.text).toContain('quick brown fox');
  });

  it('serves a UTF-8 text file as its own text (no copy stored), and stores the text of a CRLF one', async () => {
    const { client } = await signUp(docket.url);
    const lines = `${ENGLISH}\n${ENGLISH}\n`;
    const submitted = (await client.upload([{ name: 'lf.txt', content: lines }, { name: 'crlf.txt', content: lines.replace(/\n/g, '\r\n') }])).body;
    const job = await waitForJob(client, submitted.id);
    expect(job).toMatchObject({ status: 'completed', processed_count: 2 });
    const texts = await Promise.all(job.documents.map(async (document) => (await client.get(`/api/jobs/${job.id}/documents/${document.id}/text`)).text));
    expect(texts).toEqual([lines, lines]);
    const rows = await docket.db.document.findMany({ where: { jobId: job.id }, orderBy: { position: 'asc' } });
    expect(rows.map((row) => row.textBlobKey)).toEqual([rows[0]!.blobKey, `text/${job.id}/1.txt`]);
  });

  it('processes a batch of PDF, DOCX, HTML and text; a corrupt PDF fails with a readable reason', async () => {
    const { client } = await signUp(docket.url);
    const submitted = (
      await client.upload([
        { name: 'two-pages.pdf', content: makePdf(['First page of the report', 'Second page of the report'], { title: 'Quarterly report', author: 'Ada Lovelace' }) },
        { name: 'letter.docx', content: makeDocx(['Dear reader,', 'This letter has two paragraphs.']) },
        { name: 'page.html', content: '<!doctype html><html><head><style>body{color:red}</style><script>var hidden = 1;</script></head><body><h1>Visible heading</h1><p>Visible text.</p></body></html>' },
        { name: 'broken.pdf', content: corruptPdf() },
      ])
    ).body;
    expect(submitted.job_type).toBe('batch');
    const job = await waitForJob(client, submitted.id);
    expect(job).toMatchObject({ status: 'completed', processed_count: 3, failed_count: 1, error: '1 of 4 documents failed' });

    const [pdf, docx, html, broken] = job.documents;
    expect(pdf).toMatchObject({ status: 'succeeded', page_count: 2, metadata: { title: 'Quarterly report', author: 'Ada Lovelace', extractor: expect.stringMatching(/^(pdftotext|pdf\.js)$/) } });
    expect(docx).toMatchObject({ status: 'succeeded', word_count: 7 });
    expect(html!.status).toBe('succeeded');
    expect(broken!.status).toBe('failed');
    expect(broken!.metadata).toEqual({});
    expect(broken!.error).toMatch(/not a valid PDF/i);
    expect(broken!.error).not.toMatch(/\n\s+at /);

    const pdfText = await client.get(`/api/jobs/${job.id}/documents/${pdf!.id}/text`);
    expect(pdfText.text).toContain('Second page of the report');
    const htmlText = (await client.get(`/api/jobs/${job.id}/documents/${html!.id}/text`)).text;
    expect(htmlText).toContain('Visible heading');
    expect(htmlText).not.toContain('hidden');
    expect(htmlText).not.toContain('color:red');
    expect((await client.get(`/api/jobs/${job.id}/documents/${broken!.id}/text`)).status).toBe(409);
  });

  it('fails a job whose every document fails, and retry queues them again', async () => {
    const { client } = await signUp(docket.url);
    const submitted = (await client.upload([{ name: 'broken.pdf', content: corruptPdf() }])).body;
    const failed = await waitForJob(client, submitted.id);
    expect(failed).toMatchObject({ status: 'failed', failed_count: 1, error: 'the document failed' });

    const retry = await client.post(`/api/jobs/${submitted.id}/retry`);
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ status: 'queued', failed_count: 0, completed_at: null });
    const again = await waitForJob(client, submitted.id);
    expect(again.status).toBe('failed');

    const stats = (await client.get('/api/history/stats')).body;
    expect(stats).toMatchObject({ total_jobs: 1, total_documents: 1, documents_failed: 1, documents_processed: 0 });
  });

  it('fails an empty text file with a readable reason', async () => {
    const { client } = await signUp(docket.url);
    const submitted = (await client.upload([{ name: 'empty.txt', content: '   \n\n  ' }])).body;
    const job = await waitForJob(client, submitted.id);
    expect(job.status).toBe('failed');
    expect(job.documents[0]!.error).toMatch(/empty/i);
  });
});

describe('GET /api/history/stats', () => {
  it('starts at zero for a new user, every status key present', async () => {
    const { client } = await signUp(docket.url);
    const stats = HistoryStatsSchema.parse((await client.get('/api/history/stats')).body);
    expect(stats).toEqual({
      total_jobs: 0,
      total_documents: 0,
      documents_processed: 0,
      documents_failed: 0,
      jobs_by_status: { queued: 0, processing: 0, completed: 0, failed: 0, cancelled: 0 },
      recent_activity: [],
    });
  });

  it('equals a recount from the source rows after a mixed workload', async () => {
    const { client, auth } = await signUp(docket.url);
    const submissions = [
      [{ name: 'a.txt', content: ENGLISH }],
      [{ name: 'b.pdf', content: makePdf(['one', 'two', 'three']) }, { name: 'c.txt', content: 'short text' }],
      [{ name: 'd.pdf', content: corruptPdf() }],
      [{ name: 'e.docx', content: makeDocx(['docx body']) }, { name: 'f.pdf', content: corruptPdf() }, { name: 'g.md', content: '# Hello' }],
      [{ name: 'h.txt', content: 'will be cancelled or processed' }, { name: 'i.txt', content: 'second' }],
      [{ name: 'j.txt', content: 'last one' }],
    ];
    const ids: string[] = [];
    for (const files of submissions) ids.push((await client.upload(files)).body.id);
    await client.post(`/api/jobs/${ids[4]}/cancel`); // cancelled or already done: both are fine states
    for (const id of ids) await waitForJob(client, id);

    const stats = HistoryStatsSchema.parse((await client.get('/api/history/stats')).body);
    const { recent_activity, ...numbers } = stats;
    expect(numbers).toEqual(await recountHistory(docket.db, auth.user.id));
    expect(numbers.total_jobs).toBe(6);
    expect(numbers.total_documents).toBe(10);
    // The five newest jobs, field for field as the jobs list presents them.
    const newest = JobPageSchema.parse((await client.get('/api/jobs?limit=5')).body).items;
    expect(newest.map((job) => job.id)).toEqual([...ids].reverse().slice(0, 5));
    expect(recent_activity).toEqual(newest);
    expect(await recountJobRows(docket.db, auth.user.id)).toEqual([]);
    expect(await rollupDifferences(docket.db, auth.user.id)).toEqual([]);
  });
});
