/** A formula a spreadsheet would run starts with one of these (SEC-24, OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * One cell: a value that a spreadsheet would read as a formula gets a leading apostrophe (shown
 * as text, never run), and a cell with a quote, a line break or anything a spreadsheet may take
 * as a separator is quoted. Not only `;`: opened where the list separator is a comma, or
 * imported as comma- or tab-separated, "Anna,=cmd…" would otherwise split into a cell of its own
 * that starts with `=`.
 */
export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[";,\t\r\n]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV file as Excel opens it in Sweden: UTF-8 with a byte order mark (or å, ä and ö break),
 * `;` between cells (a comma is the decimal sign), CRLF between rows.
 */
export function csvDocument(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
