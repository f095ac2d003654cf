import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'test', 'events');

/**
 * Loads a real AWS event from test/events/<source>/<variant>.json, cloned so a
 * test can change it freely.
 */
export function loadEvent<T = Record<string, unknown>>(source: string, variant: string): T {
  return structuredClone(JSON.parse(readFileSync(join(FIXTURES, source, `${variant}.json`), 'utf8')) as T);
}
