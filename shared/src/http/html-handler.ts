import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { isStatusError } from '../errors';
import { logger } from '../logger';
import { formBody } from './form-body';
import type { HttpEvent, HttpLambda, HttpResult } from './http-handler';
import { sameOriginOnly } from './same-origin';

/** What an error page shows. `message` is safe to show: a 5xx never carries the raw error. */
export interface PageError {
  statusCode: number;
  message: string;
  /** The thrown value, for a page that renders its own errors (narrow it with `instanceof`). */
  error: unknown;
  requestId?: string;
}

export interface HtmlHandlerOptions {
  /** Content-Security-Policy of every page, error pages included. */
  contentSecurityPolicy?: string;
  /** Parse an `application/x-www-form-urlencoded` body with this size limit in bytes. */
  formBodyMaxBytes?: number;
  /** Refuse (403) requests another site made the browser send; these origins are also accepted. */
  sameOrigin?: { allowedOrigins: readonly string[] };
  /** Renders the HTML of an error page; a minimal page when unset. */
  errorPage?: (error: PageError, event: APIGatewayProxyEventV2) => string;
  /**
   * Maps a thrown error to the HTTP error it answers with, as httpHandler's `mapError` does: the
   * service's own errors know nothing of HTTP. The page is still rendered from the thrown error.
   */
  mapError?: (error: unknown) => unknown;
}

export const DEFAULT_PAGE_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; img-src 'none'";

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * Headers every page carries. The URL of a page may hold a secret (a
 * capability token), so nothing is cached and no Referer leaves it.
 */
export function pageHeaders(contentSecurityPolicy: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

function defaultErrorPage(error: PageError): string {
  const reference = error.requestId ? `<p>Reference: ${escapeHtml(error.requestId)}</p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${error.statusCode}</title></head><body><h1>${error.statusCode}</h1><p>${escapeHtml(error.message)}</p>${reference}</body></html>`;
}

/** Turns a thrown error into a page: its status and message when it may be shown, else a bare 500. */
function htmlErrorHandler(
  render: NonNullable<HtmlHandlerOptions['errorPage']>,
  mapError: (error: unknown) => unknown = (error) => error,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      if (request.response !== undefined && request.error === undefined) return;
      const { error, event } = request;
      const requestId = event.requestContext?.requestId;
      const answer = mapError(error);
      const shown = isStatusError(answer) && (answer.statusCode < 500 || answer.expose === true);
      const page: PageError = shown
        ? { statusCode: answer.statusCode, message: answer.message, error, requestId }
        : { statusCode: 500, message: 'Something went wrong on our side. Nothing was changed.', error, requestId };
      if (page.statusCode >= 500) logger.error('Request failed', { error: error as Error, requestId });
      else logger.info('Request refused', { statusCode: page.statusCode, reason: page.message });
      request.response = { statusCode: page.statusCode, body: render(page, event) };
    },
  };
}

/** Adds the page headers to every response, and drops the body of a HEAD response. */
function pageResponse(contentSecurityPolicy: string): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  const finish = async (request: { event: APIGatewayProxyEventV2; response?: APIGatewayProxyResultV2 | null }) => {
    const response = request.response;
    if (response === undefined || response === null || typeof response === 'string') return;
    response.headers = { ...pageHeaders(contentSecurityPolicy), ...response.headers };
    if (request.event.requestContext?.http?.method?.toUpperCase() === 'HEAD') response.body = '';
  };
  return { after: finish, onError: finish };
}

/**
 * The Middy stack of a handler that answers HTML pages rather than JSON.
 * Order matters: the page headers are registered first so that, on an
 * error, the error page is built before they are added to it.
 */
export function htmlHandler<TBody = undefined>(
  handler: (event: HttpEvent<TBody>, context: Context) => Promise<HttpResult>,
  options: HtmlHandlerOptions = {},
): HttpLambda {
  const stack = middy<APIGatewayProxyEventV2, HttpResult>();
  stack
    // Every log line of the invocation carries the Lambda request id.
    .use(injectLambdaContext(logger))
    .use(httpEventNormalizer())
    .use(httpHeaderNormalizer())
    .use(pageResponse(options.contentSecurityPolicy ?? DEFAULT_PAGE_CSP))
    .use(htmlErrorHandler(options.errorPage ?? defaultErrorPage, options.mapError));
  if (options.sameOrigin) stack.use(sameOriginOnly(options.sameOrigin.allowedOrigins));
  if (options.formBodyMaxBytes !== undefined) stack.use(formBody({ maxBytes: options.formBodyMaxBytes }));
  // With formBodyMaxBytes the form parser has replaced the body with its fields, which TBody names;
  // page routes have no event schema to narrow the event with, unlike httpHandler's.
  return stack.handler((event, context) => handler(event as unknown as HttpEvent<TBody>, context));
}

/** An HTML page response; the stack adds the security headers. */
export function page(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers, body };
}
