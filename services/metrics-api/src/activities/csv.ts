const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 cell. A cell a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR first) is prefixed with an apostrophe.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line of a row (without its line end). */
export function csvLine<Row extends object>(columns: readonly (keyof Row & string)[], row: Row): string {
  return columns.map((column) => csvCell(row[column])).join(',');
}

/** CSV text with a header row and CRLF line ends, as RFC 4180 asks. */
export function toCsv<Row extends object>(columns: readonly (keyof Row & string)[], rows: Iterable<Row>): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(csvLine(columns, row));
  return `${lines.join('\r\n')}\r\n`;
}
