import type { IncomingHttpHeaders } from 'node:http';

/** A request as every service module sees it: the signed service and region are already known. */
export interface StandinRequest {
  method: string;
  /** The decoded path, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The service of the SigV4 credential scope (`cloudformation`, `s3`, `sts`, `ssm`, `lambda`, ...). */
  service: string;
  region: string;
}

export interface StandinResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What a service module makes of a request before running it: the action and its key parameters. */
export interface RoutedRequest {
  action: string;
  /** What the journal keeps of the request (large fields such as template bodies are left out). */
  params: Record<string, unknown>;
  run(): StandinResponse;
}

export interface ServiceModule {
  route(request: StandinRequest): RoutedRequest;
  /** Renders a refusal the way this service's protocol does. */
  renderError(error: import('./aws-error').AwsError, request: StandinRequest): StandinResponse;
}

/** The service and region a SigV4-signed request names in its credential scope (header or presigned query). */
export function credentialScope(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): { service: string; region: string } | undefined {
  const source = headers.authorization ?? query.get('X-Amz-Credential') ?? '';
  const match = /(?:Credential=)?[^/\s,]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(source);
  if (!match?.[1] || !match[2]) return undefined;
  return { region: match[1], service: match[2] };
}
