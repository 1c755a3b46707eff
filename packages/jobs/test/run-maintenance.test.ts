import { randomUUID } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentBlobKey, textBlobKey } from '../src/blob-keys.ts';
import { runMaintenance } from '../src/run-maintenance.ts';
import { openDomainFixture, type DomainFixture } from './support/domain-fixture.ts';

let fixture: DomainFixture;
beforeAll(async () => {
  fixture = await openDomainFixture();
});
afterAll(async () => {
  await fixture?.close();
});

const HOUR = 3_600_000;

async function age(key: string, ms: number): Promise<void> {
  const at = new Date(Date.now() - ms);
  await fixture.deps.blobs.withLocalFile(key, (file) => utimes(file, at, at));
}

async function put(key: string, content: string, ms: number): Promise<void> {
  await fixture.deps.blobs.putBytes(key, content);
  await age(key, ms);
}

async function keys(): Promise<string[]> {
  const listed: string[] = [];
  for await (const key of fixture.deps.blobs.list()) listed.push(key);
  return listed.sort();
}

it('removes blobs no document row refers to once they are over an hour old, and nothing else', async () => {
  const userId = await fixture.createUser();
  const { job } = await fixture.submit(userId, 2);
  const kept = [documentBlobKey(job.id, 0), documentBlobKey(job.id, 1)];
  for (const key of kept) await age(key, 5 * HOUR);

  const crashedJob = randomUUID(); // files stored, transaction never committed
  const orphans = [documentBlobKey(crashedJob, 0), documentBlobKey(crashedJob, 1), `${documentBlobKey(crashedJob, 2)}.partial`, textBlobKey(job.id, 7)];
  for (const key of orphans) await put(key, 'left behind', 2 * HOUR);
  const young = documentBlobKey(randomUUID(), 0); // an upload whose transaction may still commit
  await put(young, 'in flight', 10 * 60_000);
  const foreign = 'exports/report.csv'; // not Docket's layout: never touched
  await put(foreign, 'someone else', 2 * HOUR);

  const report = await runMaintenance(fixture.deps);
  expect(report).toMatchObject({ orphan_blobs_removed: 4, orphan_blob_bytes_removed: 4 * 'left behind'.length });
  expect(await keys()).toEqual([...kept, young, foreign].sort());
  expect((await fixture.deps.blobs.read(kept[0]!)).toString()).toBe('document 0');

  expect(await runMaintenance(fixture.deps)).toMatchObject({ orphan_blobs_removed: 0, orphan_blob_bytes_removed: 0 });
});
