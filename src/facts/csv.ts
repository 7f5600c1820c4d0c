// facts.csv: RFC 4180 (fields quoted when they hold a comma, quote or line break; CRLF line
// ends), UTF-8 with a byte-order mark so that Excel reads the Chinese text correctly. Numbers stay
// numbers; text that Excel would take for a formula is kept as text.
import type { FactRow } from '../schema.ts';

/** Columns in order; the names are those of facts.json. */
export const CSV_COLUMNS = [
  'edition', 'year', 'chapter', 'entry', 'entryTitle', 'subentry', 'label', 'value', 'max', 'unit',
  'approximate', 'text', 'context', 'url',
] as const satisfies readonly (keyof FactRow)[];

export function factsCsv(rows: readonly FactRow[]): string {
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => csvField(row[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvField(value: string | number | boolean | null): string {
  // A text cell that starts like a formula (= + - @, or a tab or return) would be run by Excel
  // (CSV injection): it is opened with an apostrophe, which Excel shows as text and hides.
  const text = value === null ? '' : typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
