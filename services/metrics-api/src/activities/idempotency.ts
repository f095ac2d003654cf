import { createHash } from 'node:crypto';
import type { ActivityInput } from '@shared/activities/activity.schema';
import { fieldError } from '@shared/errors';
import { ACTIVITY_FIELDS } from './activity';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** Checks an Idempotency-Key header: 1–128 visible ASCII characters. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_PATTERN.test(header)) throw fieldError('Idempotency-Key', 'must be 1 to 128 visible ASCII characters');
  return header;
}

/**
 * The record id for a keyed create. Deriving the id from the key makes
 * "store at most one record per key" a single conditional put: no second
 * item, no transaction, nothing half-written. The key is scoped to the caller:
 * the same key from two people is two requests.
 */
export function idForKey(callerId: string, key: string): string {
  const hex = createHash('sha256')
    .update(`runway:activity:${JSON.stringify([callerId, key])}`)
    .digest('hex');
  // UUID layout with version 8 (custom) and the RFC 4122 variant bits.
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const INPUT_FIELDS = [...ACTIVITY_FIELDS, 'onBehalfOf'] as const;

/** A hash of the request body that ignores key order, so a true retry always matches. */
export function requestHash(input: ActivityInput): string {
  const value = (field: string) => {
    const entry = (input as Record<string, unknown>)[field];
    return entry !== null && typeof entry === 'object' ? Object.entries(entry).sort() : (entry ?? null);
  };
  const canonical = INPUT_FIELDS.map((field) => [field, value(field)]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
