export type Extraction = {
  text: string;
  /** PDFs: pages; other kinds: null. */
  pageCount: number | null;
  wordCount: number;
  /** ISO 639-3 from franc; 'und' when the text is too short or undetermined. */
  language: string;
  metadata: Record<string, string | number | boolean | null>;
  /**
   * True when `text` is the input's bytes exactly (UTF-8 text with no BOM and no CR): the
   * input itself can serve as the text, no copy of it needs storing.
   */
  verbatim?: boolean;
};

export type ExtractionLimits = {
  maxInputBytes: number;
  /** docs/api.md#uploads: a page cap, if any, is at least 5,000 pages. */
  maxPages: number;
  /** DOCX: total size of the XML parts once inflated (as declared; each part is held to its declaration). */
  maxDecompressedBytes: number;
  maxTextChars: number;
};

export const DEFAULT_LIMITS: ExtractionLimits = {
  maxInputBytes: 50 * 1024 * 1024,
  maxPages: 5_000,
  maxDecompressedBytes: 100 * 1024 * 1024,
  maxTextChars: 20_000_000,
};

/** Human-readable size: KB under a megabyte, MB with one decimal above. */
export const megabytes = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
