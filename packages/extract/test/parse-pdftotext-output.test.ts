import { describe, expect, it } from 'vitest';
import { parsePdftotextOutput } from '../src/parse-pdftotext-output.ts';

// The shape poppler's `pdftotext -htmlmeta -enc UTF-8 -eol unix … -` prints (poppler 22.12).
const html = (head: string, body: string) =>
  `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n${head}</head>\n<body>\n<pre>\n${body}</pre>\n</body>\n</html>\n`;

describe('parsePdftotextOutput', () => {
  it('reads the document information, decoding the entities poppler escapes it with, once', () => {
    const head = '<title>Cr\u00e8me d&apos;\u00e9t\u00e9 &amp;amp; &lt;co&gt;</title>\n<meta name="Author" content="Jane &quot;J&quot; Doe"/>\n<meta name="Producer" content="Writer"/>\n';
    expect(parsePdftotextOutput(html(head, 'text\n\n\f'))?.metadata).toEqual({ title: "Cr\u00e8me d'\u00e9t\u00e9 &amp; <co>", author: 'Jane "J" Doe', producer: 'Writer' });
    expect(parsePdftotextOutput(html('', 'text\n\n\f'))?.metadata).toEqual({ title: null, author: null, producer: null });
  });

  it('gives a page per form feed, pages without text included, and the text as written (not escaped, "</pre>" and all)', () => {
    expect(parsePdftotextOutput(html('', 'Alpha <b> & "q"\n\n\f\fGamma </pre> page\n\n\f'))?.pages).toEqual(['Alpha <b> & "q"\n\n', '', 'Gamma </pre> page\n\n']);
    expect(parsePdftotextOutput(html('', '\f\f'))?.pages).toEqual(['', '']);
  });

  it('is null for output of another shape', () => {
    expect(parsePdftotextOutput('plain text\f')).toBeNull();
    expect(parsePdftotextOutput(html('', 'text\n\n\f').slice(0, -2))).toBeNull();
    expect(parsePdftotextOutput(html('', 'page one\fstray text after the last page'))).toBeNull();
  });
});
