import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpError } from '../errors';
import { rawBody } from './json-body';

const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\s*(?:;.*)?$/i;

export interface FormBodyOptions {
  /** Largest accepted body in bytes, measured after base64 decoding. */
  maxBytes: number;
}

/**
 * Parses `application/x-www-form-urlencoded` bytes into trimmed strings. A
 * repeated field keeps its first value, so a field is never an array.
 */
export function parseForm(bytes: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(bytes.toString('utf8'))) {
    if (!Object.hasOwn(fields, name)) fields[name] = value.trim();
  }
  return fields;
}

/**
 * Parses an HTML form post: 413 past `maxBytes`, 415 for another content
 * type. HTTP APIs deliver form posts base64-encoded (`isBase64Encoded`),
 * serverless-offline as plain text: the body is decoded by that flag.
 */
export function formBody(options: FormBodyOptions): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    before: async (request) => {
      const { event } = request;
      const bytes = rawBody(event);
      if (bytes.length > options.maxBytes) {
        throw httpError(413, `The form is larger than ${options.maxBytes} bytes`);
      }
      const contentType = event.headers?.['content-type'] ?? '';
      if (!FORM_CONTENT_TYPE.test(contentType)) {
        throw httpError(415, 'Content-Type must be application/x-www-form-urlencoded');
      }
      (event as { body: unknown }).body = parseForm(bytes);
    },
  };
}
