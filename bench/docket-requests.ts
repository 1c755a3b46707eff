import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Registers a fresh user on the Docket at `base` and returns its access token. */
export async function signUp(base: string): Promise<string> {
  const reply = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${randomUUID()}@example.com`, password: 'a benchmark password' }),
  });
  if (reply.status !== 201) throw new Error(`sign-up failed: ${reply.status} ${await reply.text()}`);
  return ((await reply.json()) as { access_token: string }).access_token;
}

/** About 10 KB of plain text: the single-file job of the ingest benchmarks. */
export const TEN_KB_TEXT = 'The quick brown fox jumps over the lazy dog. '.repeat(228);

/**
 * Writes a `POST /api/jobs` body — one `files` part holding `content` — to a file in `dir`,
 * for autocannon to send again and again; returns it with its content type.
 */
export async function writeUploadBody(dir: string, file: { name: string; type: string; content: string }): Promise<{ bodyFile: string; contentType: string }> {
  const boundary = `----docket${randomUUID().replaceAll('-', '')}`;
  const bodyFile = path.join(dir, `${file.name}.multipart`);
  await writeFile(bodyFile, `--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n${file.content}\r\n--${boundary}--\r\n`);
  return { bodyFile, contentType: `multipart/form-data; boundary=${boundary}` };
}
