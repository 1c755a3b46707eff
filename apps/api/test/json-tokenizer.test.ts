import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, JsonTokenizer, type JsonToken } from '../src/webhooks/json-tokenizer.ts';

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0001', '\u001f', 'é', '名', '\u2028', '😀', '\uD83D', '='];

function value(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
  const text = () => Array.from({ length: Math.floor(next() * 12) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
  switch (kind) {
    case 0:
      return text();
    case 1:
      return [0, -1, 3.25, -0.5e-7, 1e21, 123456789][Math.floor(next() * 6)];
    case 2:
      return [true, false, null][Math.floor(next() * 3)];
    case 3:
      return '';
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [text(), value(next, depth + 1)]));
  }
}

/** Rebuilds a value from tokens (numbers become 0: their digits are not kept). */
function assemble(tokens: JsonToken[]): unknown {
  const stack: { container: unknown[] | Record<string, unknown>; key: string }[] = [];
  let result: unknown;
  let text = '';
  const place = (item: unknown) => {
    const top = stack.at(-1);
    if (!top) result = item;
    else if (Array.isArray(top.container)) top.container.push(item);
    else top.container[top.key] = item;
  };
  for (const token of tokens) {
    if (token.name === 'startObject' || token.name === 'startArray') {
      const container = token.name === 'startObject' ? {} : [];
      place(container);
      stack.push({ container, key: '' });
    } else if (token.name === 'endObject' || token.name === 'endArray') stack.pop();
    else if (token.name === 'startKey' || token.name === 'startString') text = '';
    else if (token.name === 'stringChunk') text += token.value;
    else if (token.name === 'endKey') stack.at(-1)!.key = text;
    else if (token.name === 'endString') place(text);
    else if (token.name === 'number') place(0);
    else if (token.name === 'literal') place(token.value);
  }
  return result;
}

function tokenize(json: string, next: () => number): JsonToken[] {
  const tokenizer = new JsonTokenizer({ maxDepth: 32 });
  const tokens: JsonToken[] = [];
  for (let at = 0; at < json.length; ) {
    const size = 1 + Math.floor(next() * 9);
    tokens.push(...tokenizer.write(json.slice(at, at + size)));
    at += size;
  }
  tokens.push(...tokenizer.end());
  return tokens;
}

const zeroNumbers = (json: string) => JSON.parse(json, (_key, item) => (typeof item === 'number' ? 0 : item));

describe('JsonTokenizer', () => {
  it('reads what JSON.parse reads, however the text is cut into pieces', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const next = random(seed);
      const json = JSON.stringify(value(next, 0), null, next() < 0.5 ? 0 : 2);
      expect(assemble(tokenize(json, next)), `seed ${seed}: ${json}`).toEqual(zeroNumbers(json));
    }
  });

  it('refuses what JSON.parse refuses, however the text is cut into pieces', () => {
    const invalid = ['', '{', '[1,]', '{"a" 1}', '{"a":1,}', '{1:2}', '01', '1.', '-', '+1', '.5', '1e', 'tru', 'nul', 'truefalse', 'true false', '[1 2]', '[]]', '"abc', '"\\x"', '"\\u12G4"', '"a\u0001"', '{"constructor"}', 'constructor', '[1true]', '{"a":1}}'];
    for (const json of invalid) {
      expect(() => JSON.parse(json), json).toThrow();
      for (let seed = 1; seed <= 20; seed++) expect(() => tokenize(json, random(seed)), json).toThrow(JsonSyntaxError);
    }
  });

  it('bounds its nesting and the length of a number', () => {
    expect(() => tokenize('['.repeat(33), random(1))).toThrow('nested deeper than 32 levels');
    expect(() => tokenize(`[${'1'.repeat(1000)}]`, random(1))).toThrow('a number or literal is too long');
  });

  it('gives a long string with many escapes as one piece per input, in linear time', () => {
    const tokenizer = new JsonTokenizer({ maxDepth: 32 });
    const started = performance.now();
    const tokens = [...tokenizer.write(`"${'\\n'.repeat(5_000_000)}`), ...tokenizer.write('"'), ...tokenizer.end()];
    expect(performance.now() - started).toBeLessThan(500);
    expect(tokens.map((token) => token.name)).toEqual(['startString', 'stringChunk', 'endString']);
    expect(tokens[1]).toEqual({ name: 'stringChunk', value: '\n'.repeat(5_000_000) });
  });
});
