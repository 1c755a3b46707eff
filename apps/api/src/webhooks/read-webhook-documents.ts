import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '@docket/contracts/app-error';
import { InboundWebhookBodySchema } from '@docket/contracts/webhooks';
import { parseInput } from '../http/parse-input.ts';
import type { ReceivedFile } from '../uploads/inspect-uploads.ts';
import { Base64FileWriter } from './base64-file-writer.ts';
import { JsonSyntaxError, JsonTokenizer, type JsonToken } from './json-tokenizer.ts';

export type WebhookDocuments = { files: ReceivedFile[]; callbackUrl: string | undefined };

export type DocumentLimits = { maxFiles: number; maxFileSizeBytes: number };

/** Deeper than the contract by far: what it bounds is the tokenizer's own stack. */
const MAX_DEPTH = 32;

/**
 * Reads a (verified) webhook body from disk as a stream of JSON tokens and decodes each
 * document's `content_base64` straight into its own temp file: no document, and not the
 * body, is ever held in memory. Limits are enforced while decoding — one document too
 * many or one byte over the size limit stops the read (413). Everything else the body
 * holds (names, the callback URL, the shape) is collected into a small skeleton, bounded
 * in size and depth, and validated with the contract's schema (400 `validation_failed`,
 * as is a body that is not JSON). On any failure every temp file is removed; on success
 * they belong to the caller.
 * @throws AppError validation_failed, payload_too_large
 */
export async function readWebhookDocuments(bodyPath: string, tempDir: string, limits: DocumentLimits): Promise<WebhookDocuments> {
  const reader = new WebhookBodyReader(tempDir, limits);
  const tokenizer = new JsonTokenizer({ maxDepth: MAX_DEPTH });
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of createReadStream(bodyPath)) {
      reader.take(tokensOf(() => tokenizer.write(decoder.write(chunk as Buffer))));
      await reader.flush();
    }
    reader.take(tokensOf(() => [...tokenizer.write(decoder.end()), ...tokenizer.end()]));
    await reader.flush();
    const body = parseInput(InboundWebhookBodySchema, reader.skeleton, 'webhook body');
    return { files: body.documents.map((document, index) => reader.file(index, document.filename)), callbackUrl: body.callback_url };
  } catch (error) {
    await reader.discard();
    throw error;
  }
}

function tokensOf(tokenize: () => JsonToken[]): JsonToken[] {
  try {
    return tokenize();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new AppError('validation_failed', `request body is not valid JSON: ${error.message}`);
  }
}

/**
 * Where a value sits in the body, which decides what happens to it: the containers of the
 * contract are kept, scalars of known fields are collected, `content_base64` strings are
 * decoded to disk, anything else (unknown keys, what nests inside a wrong-typed field) is
 * skipped without being kept.
 */
type Role = 'body' | 'documents' | 'document' | 'field' | 'content' | 'skipped';
type Frame = { role: Role; value: Record<string, unknown> | unknown[] | null; key: string; index: number };

/** Past every limit of the contract's fields, so the schema still names the problem. */
const MAX_FIELD_CHARS = 4096;
const MAX_KEY_CHARS = 64;

class WebhookBodyReader {
  skeleton: unknown = undefined;
  private readonly stack: Frame[] = [];
  private readonly writers: Base64FileWriter[] = [];
  /** Documents whose content string ended since the last flush. */
  private readonly ended: Base64FileWriter[] = [];
  private key: string | null = null;
  private string: { role: 'field' | 'content' | 'skipped'; text: string; writer?: Base64FileWriter } | null = null;
  private documents = 0;
  private readonly tempDir: string;
  private readonly limits: DocumentLimits;

  constructor(tempDir: string, limits: DocumentLimits) {
    this.tempDir = tempDir;
    this.limits = limits;
  }

  take(tokens: JsonToken[]): void {
    for (const token of tokens) this.token(token);
  }

  /** Decodes what the last chunk brought to disk; finishes documents whose string ended. */
  async flush(): Promise<void> {
    for (const writer of this.ended) await writer.finish();
    this.ended.length = 0;
    // A content string still open (a long one spans many chunks) is decoded as far as it came.
    await this.string?.writer?.flush();
  }

  file(index: number, originalName: string): ReceivedFile {
    const writer = this.writers[index]!;
    return { tempPath: writer.path, originalName, sizeBytes: writer.sizeBytes };
  }

  async discard(): Promise<void> {
    await Promise.all(this.writers.map((writer) => writer.discard()));
  }

  private token(token: JsonToken): void {
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        return this.open(token.name === 'startObject' ? 'object' : 'array');
      case 'endObject':
      case 'endArray':
        this.stack.pop();
        return;
      case 'startKey':
        this.key = '';
        return;
      case 'endKey':
        this.stack.at(-1)!.key = this.key!;
        this.key = null;
        return;
      case 'startString':
        return this.startString();
      case 'stringChunk':
        return this.chunk(token.value);
      case 'endString':
        return this.endString();
      case 'number':
        // No field of the contract is a number: a placeholder lets the schema say so.
        return this.scalar(0);
      case 'literal':
        return this.scalar(token.value);
    }
  }

  /** The role of the value that starts now, from its parent and key. */
  private nextRole(): Role {
    const parent = this.stack.at(-1);
    if (!parent) return 'body';
    if (parent.role === 'body') return parent.key === 'documents' ? 'documents' : parent.key === 'callback_url' ? 'field' : 'skipped';
    if (parent.role === 'documents') return 'document';
    if (parent.role === 'document') return parent.key === 'filename' ? 'field' : parent.key === 'content_base64' ? 'content' : 'skipped';
    return 'skipped';
  }

  /** Every value that starts: documents are counted here, whatever their type. */
  private begin(): Role {
    const role = this.nextRole();
    if (role === 'document' && ++this.documents > this.limits.maxFiles) {
      throw new AppError('payload_too_large', `too many documents: at most ${this.limits.maxFiles} per call`);
    }
    return role;
  }

  private store(value: unknown): void {
    const parent = this.stack.at(-1);
    if (!parent) this.skeleton = value;
    else if (Array.isArray(parent.value)) parent.value.push(value);
    else if (parent.value) parent.value[parent.key] = value;
  }

  private open(kind: 'object' | 'array'): void {
    const role = this.begin();
    const value = kind === 'object' ? {} : [];
    const expected = role === 'documents' ? 'array' : role === 'body' || role === 'document' ? 'object' : null;
    if (role !== 'skipped') this.store(value);
    // A container where the contract has one is kept; any other is kept empty for the schema to refuse.
    const kept = expected === kind;
    this.stack.push({ role: kept ? role : 'skipped', value: kept ? value : null, key: '', index: this.documents - 1 });
  }

  private scalar(value: unknown): void {
    if (this.begin() !== 'skipped') this.store(value);
  }

  private startString(): void {
    const role = this.begin();
    if (role !== 'content') {
      this.string = { role: role === 'skipped' ? 'skipped' : 'field', text: '' };
      return;
    }
    const document = this.stack.at(-1)!;
    if (this.writers[document.index]) {
      throw new AppError('validation_failed', `invalid webhook body: document ${document.index + 1} has content_base64 twice`);
    }
    const writer = new Base64FileWriter(path.join(this.tempDir, `webhook-${randomUUID()}`), this.limits.maxFileSizeBytes, `document ${document.index + 1}`);
    this.writers[document.index] = writer;
    this.store('');
    this.string = { role, text: '', writer };
  }

  private chunk(text: string): void {
    if (this.key !== null) {
      if (this.key.length <= MAX_KEY_CHARS) this.key += text;
      return;
    }
    const string = this.string!;
    if (string.writer) {
      string.writer.write(text);
    } else if (string.role === 'field' && string.text.length <= MAX_FIELD_CHARS) {
      string.text += text;
    }
  }

  private endString(): void {
    const string = this.string!;
    this.string = null;
    if (string.writer) this.ended.push(string.writer);
    else if (string.role === 'field') this.store(string.text);
  }
}
