// The ingest ceiling of `pnpm bench:throughput`: an upload route with no database — multer
// streams the `files` part to a temp file, which goes into the blob store exactly as a
// Docket upload does (same layout, fsync of the file, rename, fsync of its directory), then
// 202. Run as a process of its own, like Docket's API; prints `listening on <url>`.
// Environment: DATA_DIR (the blob store and temp files go under it).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import multer from 'multer';
import { documentBlobKey } from '@docket/jobs/blob-keys';
import { createFsBlobStore } from '@docket/storage/fs-blob-store';

const dataDir = process.env.DATA_DIR!;
const tempDir = path.join(dataDir, 'tmp');
mkdirSync(tempDir, { recursive: true });
const blobs = createFsBlobStore(path.join(dataDir, 'blobs'));
const upload = multer({ storage: multer.diskStorage({ destination: tempDir, filename: (_req, _file, done) => done(null, `upload-${randomUUID()}`) }) }).array('files');

const app = express();
app.post('/upload', upload, async (req, res) => {
  const id = randomUUID();
  const files = (req.files ?? []) as Express.Multer.File[];
  await Promise.all(files.map((file, position) => blobs.putFile(documentBlobKey(id, position), file.path)));
  res.status(202).json({ id });
});
const server = app.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`));
