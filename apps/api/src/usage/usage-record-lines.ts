import { USAGE_RECORD_FIELDS, type ExportFormat, type UsageRecord } from '@docket/contracts/usage';

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. A text
 * field that a spreadsheet would run as a formula (it starts with = + - @, a tab or a
 * carriage return: an email such as `-2+3@example.com` is one) gets a leading `'`, as
 * OWASP's CSV injection guidance says; numbers are left as they are.
 */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line of a format (CSV only), CRLF-terminated as RFC 4180 asks. */
export function headerLine(format: ExportFormat): string {
  return format === 'csv' ? `${USAGE_RECORD_FIELDS.join(',')}\r\n` : '';
}

/** One record as a line of the format, fields always in USAGE_RECORD_FIELDS order. */
export function recordLine(format: ExportFormat, record: UsageRecord): string {
  if (format === 'jsonl') {
    return `${JSON.stringify(Object.fromEntries(USAGE_RECORD_FIELDS.map((field) => [field, record[field]])))}\n`;
  }
  return `${USAGE_RECORD_FIELDS.map((field) => csvField(record[field])).join(',')}\r\n`;
}
