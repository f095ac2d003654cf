import type createHttpError from 'http-errors';
import type { HttpError } from 'http-errors';
import type { FieldProblem } from './field-problem';

export type { HttpError };

// This module is also compiled for the site, which has no Node types; on the server (esbuild's
// CommonJS bundle, Jest) `require` is the module's own.
declare const require: (id: 'http-errors') => typeof createHttpError;

let createError: typeof createHttpError | undefined;

/**
 * http-errors' `createError`, loaded at the first error rather than at start-up: with its
 * dependencies (depd, statuses) it costs every cold start about 3.5 ms (docs/benchmark.md), and a
 * request that succeeds never builds an HTTP error.
 */
export function httpError(status: number, message: string, properties?: Record<string, unknown>): HttpError {
  // A require, not an import: esbuild bundles it but runs the module only when this line runs.
  createError ??= require('http-errors');
  return properties === undefined ? createError(status, message) : createError(status, message, properties);
}

export type { FieldProblem };

/** Narrows a caught value to something with a message, without casting. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Unknown error';
}

/** Reads an error's `name`, which the AWS SDK uses as the service's error code. */
export function errorName(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') {
    return error.name;
  }
  return undefined;
}

/** A 400 that names every offending field. */
export function validationError(errors: FieldProblem[], message = 'Invalid request'): HttpError {
  return httpError(400, message, { errors, expose: true });
}

/** A 400 for a single field. */
export function fieldError(field: string, problem: string): HttpError {
  return validationError([{ field, problem }]);
}

/**
 * A 503 the caller can act on: what was asked was not done, and asking again shortly will likely
 * succeed (DynamoDB cancelled a transaction that met another on the same item, and kept doing so).
 */
export function busyError(message: string, retryAfterSeconds = 1): HttpError {
  return httpError(503, message, { expose: true, headers: { 'Retry-After': String(retryAfterSeconds) } });
}

/** What every HTTP error thrown in Runway looks like (http-errors, Middy's createError). */
export interface StatusError {
  statusCode: number;
  message: string;
  expose?: boolean;
  errors?: FieldProblem[];
  /** Response headers http-errors carries (Retry-After of a 503). */
  headers?: Record<string, string>;
  cause?: { package?: string; data?: unknown };
}

/** Narrows a caught value to an error carrying an HTTP status (4xx or 5xx) and a message. */
export function isStatusError(error: unknown): error is StatusError {
  return (
    typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    typeof error.statusCode === 'number' &&
    error.statusCode >= 400 &&
    error.statusCode < 600 &&
    'message' in error &&
    typeof error.message === 'string'
  );
}
