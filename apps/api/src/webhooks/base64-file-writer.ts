import { open, rm, type FileHandle } from 'node:fs/promises';
import { AppError } from '@docket/contracts/app-error';
import { BASE64_TEXT } from '@docket/contracts/webhooks';

const WHITESPACE = /\s+/g;

/**
 * Decodes base64 text that arrives in pieces straight into a file, checking it the way
 * the contract's Base64ContentSchema does (whitespace ignored, the alphabet, `=` padding
 * only at the end) and stopping at `maxBytes` of decoded content. Text is collected by
 * `write` (cheap: called once per piece of a JSON string, possibly millions of times) and
 * checked, decoded and written by `flush`, once per chunk of input: linear work, and
 * memory bounded by one chunk.
 */
export class Base64FileWriter {
  readonly path: string;
  /** Names the document in errors: "document 3". */
  private readonly label: string;
  private readonly maxBytes: number;
  sizeBytes = 0;
  private readonly pending: string[] = [];
  /** Base64 characters that do not yet make a whole group of four. */
  private carry = '';
  /** Padding was decoded: nothing but whitespace may follow. */
  private ended = false;
  private handle: FileHandle | undefined;

  constructor(path: string, maxBytes: number, label: string) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.label = label;
  }

  write(text: string): void {
    this.pending.push(text);
  }

  /** Checks and decodes what `write` collected, and appends it to the file. */
  async flush(final = false): Promise<void> {
    const text = this.carry + this.pending.join('').replace(WHITESPACE, '');
    this.pending.length = 0;
    if ((this.ended && text !== '') || !BASE64_TEXT.test(text)) {
      throw new AppError('validation_failed', `invalid webhook body: ${this.label}: content_base64 must be base64`, [{ path: this.label, message: 'content_base64 must be base64' }]);
    }
    const whole = final ? text.length : text.length - (text.length % 4);
    this.carry = text.slice(whole);
    if (whole === 0 && !final) return;
    const chunk = text.slice(0, whole);
    if (chunk.includes('=')) this.ended = true;
    const bytes = Buffer.from(chunk, 'base64');
    this.sizeBytes += bytes.length;
    if (this.sizeBytes > this.maxBytes) {
      throw new AppError('payload_too_large', `${this.label} exceeds the ${Math.round((this.maxBytes / 1024 / 1024) * 100) / 100} MB limit per file`);
    }
    this.handle ??= await open(this.path, 'wx', 0o600);
    await this.handle.write(bytes);
  }

  /** Decodes the last characters and closes the file (created even when it is empty). */
  async finish(): Promise<void> {
    await this.flush(true);
    this.handle ??= await open(this.path, 'wx', 0o600);
    await this.close();
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  /** Closes and removes the file, whatever state it is in. */
  async discard(): Promise<void> {
    await this.close();
    await rm(this.path, { force: true });
  }
}
