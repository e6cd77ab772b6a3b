/** A formula a spreadsheet would run starts with one of these (SEC-24, OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * One cell: a value that a spreadsheet would read as a formula gets a leading apostrophe (shown
 * as text, never run), and a cell with a separator, quote or line break is quoted.
 */
export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV file as Excel opens it in Sweden: UTF-8 with a byte order mark (or å, ä and ö break),
 * `;` between cells (a comma is the decimal sign), CRLF between rows.
 */
export function csvDocument(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
