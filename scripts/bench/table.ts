import type { Verdict } from './targets';

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** A GitHub-flavoured Markdown table; `|` inside a cell is escaped. */
export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const escapeCell = (text: string) => text.replaceAll('|', '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = columns.map((column) => (column.align === 'right' ? '---:' : '---'));
  return [line(columns.map((column) => column.header)), line(rule), ...rows.map(line)].join('\n');
}

/** Milliseconds with one decimal, or "–" when unknown. */
export function formatMs(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(1);
}

/** A ratio such as "2.31×", or "–" when unknown. */
export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`;
}

/** Bytes as KiB with one decimal ("137.9"). */
export function formatKib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

/** A value followed by a miss marker when its target was missed ("2.31× ✗"). */
export function marked(text: string, verdict: Verdict): string {
  if (verdict === 'missed') return `${text} ✗`;
  if (verdict === 'met') return `${text} ✓`;
  return text;
}
