/** A piece of JSON text. Strings (and keys) come as pieces: start, any number of chunks, end. */
export type JsonToken =
  | { name: 'startObject' | 'endObject' | 'startArray' | 'endArray' | 'startKey' | 'endKey' | 'startString' | 'endString' }
  | { name: 'stringChunk'; value: string }
  /** Validated, but its digits are not kept: nothing Docket reads from a stream is a number. */
  | { name: 'number' }
  | { name: 'literal'; value: true | false | null };

export class JsonSyntaxError extends Error {}

type Expect = 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'colon' | 'next' | 'string' | 'number' | 'literal' | 'done';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const LITERALS: Record<string, true | false | null> = { true: true, false: false, null: null };
/** Longer than any double needs; a longer run of digits is an attack, not a number. */
const MAX_SCALAR_CHARS = 400;
const isWhitespace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isNumberStart = (code: number) => code === 0x2d || isDigit(code);
// digits, - + . e E
const isNumberCharacter = (code: number) => isDigit(code) || code === 0x2d || code === 0x2b || code === 0x2e || code === 0x65 || code === 0x45;
const isLowercaseLetter = (code: number) => code >= 0x61 && code <= 0x7a;

/**
 * A streaming JSON tokenizer made for hostile input: text goes in as it arrives, tokens
 * come out, and the work is linear in the text — each character is looked at once, an
 * escaped run of a string is decoded by JSON.parse in one native call, and a string comes
 * out as one chunk per piece of input, however many escapes it holds (a general-purpose
 * streaming parser spends a token and a regular expression on every escape, which made a
 * body of escaped line breaks cost time out of proportion). Memory is bounded by the text of one call
 * plus a few characters held back (an escape, number or literal cut by the end of the
 * input) and a nesting depth of at most `maxDepth`.
 */
export class JsonTokenizer {
  private readonly maxDepth: number;
  /** Open containers: `{` or `[`. */
  private readonly stack: string[] = [];
  private expect: Expect = 'value';
  /** Whether the string being read is an object key. */
  private inKey = false;
  /** The start of a lexeme that the end of the last input cut. */
  private carry = '';

  constructor(options: { maxDepth: number }) {
    this.maxDepth = options.maxDepth;
  }

  /** Tokens of `text`, the next piece of the document. @throws JsonSyntaxError */
  write(text: string): JsonToken[] {
    return this.scan(this.carry + text, false);
  }

  /** Tokens still held back, once the input is over. @throws JsonSyntaxError on an incomplete document */
  end(): JsonToken[] {
    const tokens = this.scan(this.carry, true);
    if (this.expect !== 'done') throw new JsonSyntaxError('unexpected end of the JSON text');
    return tokens;
  }

  private scan(text: string, final: boolean): JsonToken[] {
    const tokens: JsonToken[] = [];
    this.carry = '';
    let at = 0;
    while (at < text.length) {
      if (this.expect === 'string') {
        at = this.readString(text, at, tokens);
        if (at < 0) return tokens;
        continue;
      }
      if (this.expect === 'number' || this.expect === 'literal') {
        const belongs = this.expect === 'number' ? isNumberCharacter : isLowercaseLetter;
        let end = at;
        while (end < text.length && belongs(text.charCodeAt(end))) {
          if (++end - at > MAX_SCALAR_CHARS) throw new JsonSyntaxError('a number or literal is too long');
        }
        if (end === text.length && !final) {
          this.carry = text.slice(at);
          return tokens;
        }
        this.finishScalar(text.slice(at, end), tokens);
        at = end;
        continue;
      }
      const code = text.charCodeAt(at);
      if (isWhitespace(code)) {
        at++;
        continue;
      }
      if ((this.expect === 'value' || this.expect === 'valueOrEnd') && (isNumberStart(code) || isLowercaseLetter(code))) {
        // Not consumed: the number or literal is read from this character on.
        this.expect = isNumberStart(code) ? 'number' : 'literal';
        continue;
      }
      this.structural(text[at]!, tokens);
      at++;
    }
    return tokens;
  }

  /** One character outside strings, numbers and literals. */
  private structural(character: string, tokens: JsonToken[]): void {
    const expect = this.expect;
    if (expect === 'colon') {
      if (character !== ':') throw new JsonSyntaxError(`expected ':' but found '${character}'`);
      this.expect = 'value';
      return;
    }
    if (expect === 'key' || expect === 'keyOrEnd') {
      if (character === '"') {
        tokens.push({ name: 'startKey' });
        this.inKey = true;
        this.expect = 'string';
      } else if (character === '}' && expect === 'keyOrEnd') {
        this.close('{', tokens);
      } else {
        throw new JsonSyntaxError(`expected an object key but found '${character}'`);
      }
      return;
    }
    if (expect === 'next') {
      const open = this.stack.at(-1);
      if (character === ',' && open) this.expect = open === '{' ? 'key' : 'value';
      else if ((character === '}' && open === '{') || (character === ']' && open === '[')) this.close(open, tokens);
      else throw new JsonSyntaxError(open ? `expected ',' or '${open === '{' ? '}' : ']'}' but found '${character}'` : `unexpected '${character}' after the JSON value`);
      return;
    }
    if (expect === 'done') throw new JsonSyntaxError(`unexpected '${character}' after the JSON value`);
    // 'value' or 'valueOrEnd'
    if (character === ']' && expect === 'valueOrEnd') return this.close('[', tokens);
    if (character === '{' || character === '[') {
      if (this.stack.length >= this.maxDepth) throw new JsonSyntaxError(`nested deeper than ${this.maxDepth} levels`);
      this.stack.push(character);
      tokens.push({ name: character === '{' ? 'startObject' : 'startArray' });
      this.expect = character === '{' ? 'keyOrEnd' : 'valueOrEnd';
    } else if (character === '"') {
      tokens.push({ name: 'startString' });
      this.inKey = false;
      this.expect = 'string';
    } else {
      throw new JsonSyntaxError(`expected a value but found '${character}'`);
    }
  }

  private close(open: string, tokens: JsonToken[]): void {
    this.stack.pop();
    tokens.push({ name: open === '{' ? 'endObject' : 'endArray' });
    this.afterValue();
  }

  private afterValue(): void {
    this.expect = this.stack.length ? 'next' : 'done';
  }

  private finishScalar(lexeme: string, tokens: JsonToken[]): void {
    if (this.expect === 'number') {
      if (!NUMBER.test(lexeme)) throw new JsonSyntaxError(`invalid number ${lexeme}`);
      tokens.push({ name: 'number' });
    } else {
      if (!Object.hasOwn(LITERALS, lexeme)) throw new JsonSyntaxError(`unexpected word ${lexeme}`);
      tokens.push({ name: 'literal', value: LITERALS[lexeme]! });
    }
    this.afterValue();
  }

  /**
   * Reads string text from `at` up to the closing quote or the end of the input (holding
   * back an escape the end cut in two). Returns where to go on, or -1 at the end of input.
   */
  private readString(text: string, at: number, tokens: JsonToken[]): number {
    let end = at;
    let escaped = false;
    let cut = false;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (code === QUOTE) break;
      if (code === BACKSLASH) {
        const length = text.charCodeAt(end + 1) === LETTER_U ? 6 : 2;
        if (end + length > text.length) {
          cut = true;
          break;
        }
        escaped = true;
        end += length;
        continue;
      }
      if (code < 0x20) throw new JsonSyntaxError('a control character inside a string');
      end++;
    }
    if (end > at) tokens.push({ name: 'stringChunk', value: escaped ? decode(text.slice(at, end)) : text.slice(at, end) });
    if (cut) {
      this.carry = text.slice(end);
      return -1;
    }
    if (end === text.length) return -1;
    tokens.push({ name: this.inKey ? 'endKey' : 'endString' });
    if (this.inKey) this.expect = 'colon';
    else this.afterValue();
    return end + 1;
  }
}

/** Escapes decoded natively (and checked: `\x` or `\u12G4` are errors). */
function decode(escaped: string): string {
  try {
    return JSON.parse(`"${escaped}"`) as string;
  } catch {
    throw new JsonSyntaxError('an invalid escape inside a string');
  }
}
