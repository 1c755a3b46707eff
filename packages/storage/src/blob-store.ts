/**
 * Where uploaded bytes and extracted text live. Keys are ours (document ids), never user
 * input. The filesystem store is the default; an S3-compatible store can implement the
 * same interface for scale-out.
 */
export type BlobStore = {
  /** Moves a finished temp file into the store durably (fsynced) under `key`. */
  putFile(key: string, sourcePath: string): Promise<void>;
  /** Writes bytes durably under `key`. */
  putBytes(key: string, bytes: Uint8Array | string): Promise<void>;
  read(key: string): Promise<Buffer>;
  /** Runs `use` with a local path holding the blob (the file itself for the filesystem store). */
  withLocalFile<T>(key: string, use: (path: string) => Promise<T>): Promise<T>;
  /** Removes a blob; a missing blob is not an error. */
  delete(key: string): Promise<void>;
  /** Every key in the store, streamed (for the sweep of blobs no row refers to). */
  list(): AsyncIterable<string>;
  /** Size and last write of a blob; null when there is none. */
  stat(key: string): Promise<{ sizeBytes: number; modifiedAt: Date } | null>;
};
