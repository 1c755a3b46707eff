import { describe, expect, it } from 'vitest';
import { displayNameSchema, stripInvisible } from '../src/common.ts';
import { CreateOrganizationRequestSchema } from '../src/organizations.ts';
import { CreateTokenRequestSchema } from '../src/tokens.ts';
import { Base64ContentSchema, CreateWebhookEndpointRequestSchema, InboundWebhookBodySchema } from '../src/webhooks.ts';

describe('display names', () => {
  it('drops bidi overrides, isolates, zero-width and control characters', () => {
    expect(stripInvisible('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(stripInvisible('\u2066a\u2069\u200Bb\u200D\uFEFFc\u0007\u2028d')).toBe('abcd');
    expect(stripInvisible('Ünïcödé 名前 🙂')).toBe('Ünïcödé 名前 🙂');
  });

  it('cleans the names of webhook endpoints and API tokens, and refuses one that was only invisible', () => {
    expect(CreateWebhookEndpointRequestSchema.parse({ name: ' CRM\u202E export ' }).name).toBe('CRM export');
    expect(CreateTokenRequestSchema.parse({ name: 'ci\u200F', scopes: ['jobs:read'] }).name).toBe('ci');
    const invisible = displayNameSchema(100).safeParse('\u202E\u200B ');
    expect(invisible.error?.issues[0]?.message).toBe('name is required');
  });
});

describe('display names in NFC', () => {
  it('makes the composed and the decomposed spelling of a name the same name', () => {
    const composed = 'Caf\u00E9 Zo\u00EB';
    const decomposed = 'Cafe\u0301 Zoe\u0308';
    expect(decomposed).not.toBe(composed);
    for (const schema of [CreateOrganizationRequestSchema, CreateWebhookEndpointRequestSchema]) {
      expect(schema.parse({ name: decomposed }).name).toBe(composed);
      expect(schema.parse({ name: composed }).name).toBe(composed);
    }
    expect(CreateTokenRequestSchema.parse({ name: decomposed, scopes: ['jobs:read'] }).name).toBe(composed);
  });

  it('counts the length of the normalised name', () => {
    // 100 visible characters typed decomposed are 200 code points, and still a valid name.
    const name = 'e\u0301'.repeat(100);
    expect(displayNameSchema(100).parse(name)).toBe('\u00E9'.repeat(100));
    expect(displayNameSchema(100).safeParse(`${name}e`).success).toBe(false);
  });
});

describe('base64 content', () => {
  it('accepts base64, wrapped or not, padded or not, and refuses anything else', () => {
    const wrapped = Buffer.alloc(200, 7).toString('base64').replace(/(.{76})/g, '$1\r\n');
    for (const good of ['', 'aGk=', 'aGVsbG8', wrapped, `${wrapped}\n`]) expect(Base64ContentSchema.safeParse(good).success, good).toBe(true);
    for (const bad of ['a$b', 'aGk=x', 'aGk===', '<html>']) expect(Base64ContentSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('judges 10 MB of adversarial content in linear time', () => {
    // Line breaks, then a character that fails: the old /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/ backtracked for minutes.
    for (const content of ['\n'.repeat(10_000_000) + '!', `${'A'.repeat(5_000_000)}${'\r\n'.repeat(2_500_000)}=!`]) {
      const started = performance.now();
      const parsed = InboundWebhookBodySchema.safeParse({ documents: [{ filename: 'a.txt', content_base64: content }] });
      expect(parsed.success).toBe(false);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
