import { AwsError } from './aws-error';
import type { StandinRequest, StandinResponse } from './standin-request';

/** The awsJson1_1 protocol (SSM): the action in `X-Amz-Target: Prefix.Action`, JSON both ways. */
export function jsonTarget(request: StandinRequest): string {
  const target = String(request.headers['x-amz-target'] ?? '');
  const action = target.split('.').pop();
  if (!action) throw new AwsError('UnknownOperationException', 'Missing X-Amz-Target header');
  return action;
}

export function jsonBody(request: StandinRequest): Record<string, unknown> {
  const text = request.body.toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export function jsonResponse(result: unknown): StandinResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(result),
  };
}

export function jsonError(error: AwsError): StandinResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}
