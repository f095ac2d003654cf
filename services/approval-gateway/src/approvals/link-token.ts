import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes in base64url: 43 characters, no padding. */
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new 256-bit secret for one approver's link. Only its hash is ever stored. */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether a path segment can be a link token at all (anything else is unknown: 404). */
export function isLinkToken(value: string | undefined): value is string {
  return value !== undefined && LINK_TOKEN.test(value);
}

/** What is stored in place of the token: its SHA-256, hex. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
