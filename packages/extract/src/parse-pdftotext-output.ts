/** What one `pdftotext -htmlmeta` run says of a PDF: its text, page by page, and the document information. */
export type PdftotextOutput = { pages: string[]; metadata: { title: string | null; author: string | null; producer: string | null } };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const BODY_START = '</head>\n<body>\n<pre>\n';
const BODY_END = '</pre>\n</body>\n</html>\n';

/**
 * Splits the output of `pdftotext -htmlmeta … -` (poppler): an HTML head whose title and meta
 * tags carry the document information, entity-escaped, then the text in a <pre> with a form
 * feed after every page — written as it is, not escaped, so a page may itself hold "</pre>":
 * the text is everything between the head's end (the head is escaped, so its first `</head>`
 * is the real one) and the fixed tail. `pages` has one entry per form feed, so pages without
 * text count too. Null when the output does not have that shape.
 */
export function parsePdftotextOutput(output: string): PdftotextOutput | null {
  const headEnd = output.indexOf(BODY_START);
  if (headEnd < 0 || !output.endsWith(BODY_END)) return null;
  const head = output.slice(0, headEnd);
  const body = output.slice(headEnd + BODY_START.length, output.length - BODY_END.length);
  const pages = body.split('\f');
  if (pages.pop()!.trim() !== '') return null; // text after the last page's form feed: not poppler's usual shape
  const meta = (name: string) => decodeEntities(head.match(new RegExp(`<meta name="${name}" content="([^"]*)"/>`))?.[1]);
  return {
    pages,
    metadata: { title: decodeEntities(head.match(/<title>([^<]*)<\/title>/)?.[1]), author: meta('Author'), producer: meta('Producer') },
  };
}

/** The five entities poppler escapes with, in one pass (so `&amp;lt;` stays `&lt;`); empty → null. */
function decodeEntities(value: string | undefined): string | null {
  const decoded = value?.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!).trim();
  return decoded || null;
}
