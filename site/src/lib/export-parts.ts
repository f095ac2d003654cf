/**
 * The CSV export comes in parts (each bounded in rows and bytes, under Lambda's response limit):
 * every part is a whole CSV file, X-Next-Cursor names the next one and X-Rows-Remaining says how
 * many rows follow. This joins them into one file. No browser API, so a test drives it as the
 * dashboard does.
 */

/** What a part's answer is read for. */
export interface PartResponse {
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Every part's text, the header row only once, and how many rows they hold. */
export interface JoinedExport {
  chunks: string[];
  rows: number;
  parts: number;
}

/** More parts than this is a cursor that never ends (10,000 rows each: a billion rows). */
const MAX_PARTS = 100_000;

/** The text after a part's header row (its first CRLF-ended line; the API quotes any CRLF inside a cell). */
function withoutHeader(text: string): string {
  const end = text.indexOf('\r\n');
  return end === -1 ? '' : text.slice(end + 2);
}

/**
 * Downloads the parts one after the other, from the first (no cursor) until a part names no next
 * one; `onPart` hears after each part how many rows came and how many remain.
 */
export async function downloadAllParts(
  fetchPart: (cursor: string | undefined) => Promise<PartResponse>,
  onPart: (progress: { rows: number; remaining: number }) => void = () => {},
): Promise<JoinedExport> {
  const chunks: string[] = [];
  let rows = 0;
  let cursor: string | undefined;
  for (let parts = 1; parts <= MAX_PARTS; parts += 1) {
    const response = await fetchPart(cursor);
    const text = await response.text();
    chunks.push(parts === 1 ? text : withoutHeader(text));
    rows += Number(response.headers.get('X-Row-Count') ?? 0);
    onPart({ rows, remaining: Number(response.headers.get('X-Rows-Remaining') ?? 0) });
    const next = response.headers.get('X-Next-Cursor');
    if (next === null || next === '') return { chunks, rows, parts };
    cursor = next;
  }
  throw new Error(`The export did not end after ${MAX_PARTS} parts`);
}
