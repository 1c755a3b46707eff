import { franc } from 'franc-min';

/** Words: whitespace-separated tokens holding at least one letter or digit, in any script. */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/u)) if (/[\p{L}\p{N}]/u.test(token)) count++;
  return count;
}

/** ISO 639-3 code of the text's language, or 'und' under 50 characters (too little to tell). */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, 20_000).trim();
  if (sample.length < 50) return 'und';
  return franc(sample, { minLength: 50 });
}
