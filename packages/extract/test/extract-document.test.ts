import { describe, expect, it } from 'vitest';
import { ENGLISH, corruptPdf, makeDocx, makeEncryptedPdf, makeInflatingDocx, makePdf, makeZip } from '../../../test/fixtures/documents.ts';
import { extractDocument } from '../src/extract-document.ts';
import { ExtractionError } from '../src/extraction-error.ts';
import { DEFAULT_LIMITS } from '../src/extraction.ts';

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ExtractionError);
    return { code: (error as ExtractionError).code, message: (error as Error).message };
  }
  throw new Error('expected an ExtractionError');
}

describe('text', () => {
  it('reads UTF-8, UTF-16 (both byte orders) and Latin-1 into the same text', async () => {
    const expected = 'Crème brûlée for everyone';
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(expected, 'utf16le')]);
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(expected, 'utf16le').swap16()]);
    for (const [bytes, encoding] of [
      [Buffer.from(expected), 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(expected)]), 'utf-8'],
      [utf16le, 'utf-16le'],
      [utf16be, 'utf-16be'],
      [Buffer.from(expected, 'latin1'), 'latin1'],
    ] as const) {
      const result = await extractDocument(bytes, 'text');
      expect(result.text).toBe(expected);
      expect(result.metadata.encoding).toBe(encoding);
      expect(result.wordCount).toBe(4);
    }
  });

  it('marks UTF-8 text with no BOM and no CR as verbatim (the file is its own text), and nothing else', async () => {
    expect((await extractDocument(Buffer.from('Crème brûlée\nfor everyone\n'), 'text')).verbatim).toBe(true);
    for (const bytes of [
      Buffer.from('Crème brûlée\r\nfor everyone'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Crème brûlée')]),
      Buffer.from('Crème brûlée', 'latin1'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Crème brûlée', 'utf16le')]),
    ]) {
      expect((await extractDocument(bytes, 'text')).verbatim).toBeUndefined();
    }
    expect((await extractDocument(Buffer.from('<p>Crème brûlée</p>'), 'html')).verbatim).toBeUndefined();
  });

  it('counts words and detects the language of a long enough text', async () => {
    const result = await extractDocument(Buffer.from(ENGLISH), 'text');
    expect(result).toMatchObject({ wordCount: 21, language: 'eng', pageCount: null });
    expect((await extractDocument(Buffer.from('Bonjour'), 'text')).language).toBe('und');
  });

  it('fails a whitespace-only document as empty', async () => {
    expect(await failure(extractDocument(Buffer.from(' \n\t\n'), 'text'))).toEqual({ code: 'empty', message: 'empty document: no text could be extracted' });
  });

  it('fails input over the byte limit before reading it as text', async () => {
    const limits = { ...DEFAULT_LIMITS, maxInputBytes: 10 };
    expect((await failure(extractDocument(Buffer.from('more than ten bytes'), 'text', limits))).code).toBe('too_large');
  });
});

describe('PDF', () => {
  it('extracts the text layer of every page and counts pages', async () => {
    const result = await extractDocument(makePdf(['Alpha page', 'Beta page', 'Gamma page']), 'pdf');
    expect(result.pageCount).toBe(3);
    expect(result.text).toMatch(/Alpha page[\s\S]*Beta page[\s\S]*Gamma page/);
    expect(result.wordCount).toBe(6);
  });

  it('fails a corrupt PDF with a readable reason', async () => {
    expect(await failure(extractDocument(corruptPdf(), 'pdf'))).toEqual({ code: 'corrupt', message: 'not a valid PDF: the file is truncated or corrupt' });
  });

  it('fails a truncated PDF', async () => {
    const pdf = makePdf(['Some text here']);
    expect((await failure(extractDocument(pdf.subarray(0, 120), 'pdf'))).code).toBe('corrupt');
  });

  it('fails a password-protected PDF as encrypted', async () => {
    expect(await failure(extractDocument(makeEncryptedPdf(), 'pdf'))).toEqual({ code: 'encrypted', message: 'encrypted PDF: a password is required' });
  });

  it('fails a PDF over the page cap', async () => {
    const limits = { ...DEFAULT_LIMITS, maxPages: 2 };
    expect(await failure(extractDocument(makePdf(['a', 'b', 'c']), 'pdf', limits))).toEqual({ code: 'too_large', message: 'PDF has 3 pages, over the 2-page limit' });
  });

  it('fails a PDF without a text layer as empty, saying so', async () => {
    const { message, code } = await failure(extractDocument(makePdf(['']), 'pdf'));
    expect(code).toBe('empty');
    expect(message).toMatch(/no text layer found/);
  });
});

describe('DOCX', () => {
  it('extracts the raw text of the paragraphs', async () => {
    const result = await extractDocument(makeDocx(['Dear reader,', 'This letter has two paragraphs.']), 'docx');
    expect(result.text).toBe('Dear reader,\n\nThis letter has two paragraphs.');
    expect(result.wordCount).toBe(7);
  });

  it('reads a deflated DOCX', async () => {
    const result = await extractDocument(makeInflatingDocx(2), 'docx');
    expect(result.wordCount).toBe(2 * Math.floor((1024 * 1024) / 7));
    expect(result.text.startsWith('docket docket')).toBe(true);
  });

  it('refuses a DOCX whose parts declare more than the limit, before inflating anything', async () => {
    const { code, message } = await failure(extractDocument(makeInflatingDocx(1, 200 * 1024 * 1024), 'docx'));
    expect(code).toBe('too_large');
    expect(message).toBe('DOCX is too large when decompressed (200 MB > 100 MB limit)');
  });

  it('stops a part that inflates past the size it declares (a lying compression bomb) at the declared size', async () => {
    const bomb = makeInflatingDocx(1024, 1_000); // ~1 MB on disk, 1 GB inflated, 1,000 bytes declared
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const rssBefore = process.memoryUsage.rss();
    const { code, message } = await failure(extractDocument(bomb, 'docx'));
    expect({ code, message }).toEqual({ code: 'too_large', message: 'DOCX part word/document.xml inflates to more than the 1 KB it declares (a compression bomb?)' });
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it('fails a part whose bytes do not match its checksum', async () => {
    const docx = makeDocx(['checksummed text']);
    docx[docx.indexOf('checksummed')] = 'C'.charCodeAt(0);
    expect(await failure(extractDocument(docx, 'docx'))).toEqual({ code: 'corrupt', message: 'not a valid DOCX: part word/document.xml fails its checksum' });
  });

  it('fails a ZIP that is not a Word document', async () => {
    expect(await failure(extractDocument(makeZip({ 'a.txt': 'x' }), 'docx'))).toEqual({ code: 'corrupt', message: 'not a valid DOCX: word/document.xml is missing' });
    expect((await failure(extractDocument(Buffer.from('PK\x03\x04 garbage'), 'docx'))).code).toBe('corrupt');
  });
});

describe('HTML', () => {
  it('keeps visible text only: no scripts, styles, link targets or images', async () => {
    const html = `<!doctype html><html><head><title>T</title><style>.x{color:red}</style><script>alert("hidden")</script></head>
      <body><h1>Quarterly Report</h1><p>Read <a href="https://example.com/secret">the summary</a>.</p><img src="x.png" alt="chart"><noscript>enable js</noscript></body></html>`;
    const { text } = await extractDocument(Buffer.from(html), 'html');
    expect(text).toContain('Quarterly Report');
    expect(text).toContain('Read the summary.');
    for (const hidden of ['alert', 'color:red', 'example.com', 'chart', 'enable js']) expect(text).not.toContain(hidden);
  });

  it('survives absurdly deep nesting', async () => {
    const html = `<html><body>${'<div>'.repeat(5000)}deep${'</div>'.repeat(5000)}<p>shallow text</p></body></html>`;
    const { text } = await extractDocument(Buffer.from(html), 'html');
    expect(text).toContain('shallow text');
  });
});
