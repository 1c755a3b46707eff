const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

/** The visible text of an HTML page: no scripts, styles, link targets or image alt noise. */
export async function extractHtml(html: string): Promise<string> {
  const { convert } = await import('html-to-text'); // on first use, like mammoth (extract-docx.ts)
  return convert(html, {
    wordwrap: false,
    limits: { maxDepth: 256, maxInputLength: 50_000_000, ellipsis: '…' },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'noscript', format: 'skip' },
      { selector: 'template', format: 'skip' },
      { selector: 'table', options: { uppercaseHeaderCells: false } },
      ...HEADINGS,
    ],
  }).trim();
}
