import { AwsError } from './aws-error';
import type { StandinResponse } from './standin-request';
import { xmlDocument } from './xml';

/**
 * The awsQuery protocol (CloudFormation, STS): form-encoded `Action=...&Name.member.1=...` requests,
 * `<ActionResponse><ActionResult>` XML answers, lists as `<member>` elements.
 */

/** The form's fields, nested: `Parameters.member.1.ParameterKey` → `Parameters[0].ParameterKey`. */
export function parseQueryForm(body: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) assignPath(result, pathTokens(key), value);
  return result;
}

function pathTokens(key: string): (string | number)[] {
  const segments = key.split('.');
  const tokens: (string | number)[] = [];
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] ?? '';
    const next = segments[index + 1];
    if ((segment === 'member' || segment === 'entry') && next !== undefined && /^\d+$/.test(next)) {
      tokens.push(Number(next) - 1);
      index++;
    } else tokens.push(segment);
  }
  return tokens;
}

type Container = Record<string | number, unknown>;

function assignPath(target: Container, tokens: (string | number)[], value: string): void {
  let node = target;
  tokens.forEach((token, index) => {
    const next = tokens[index + 1];
    if (next === undefined) {
      node[token] = value;
      return;
    }
    const existing = node[token];
    const wanted = typeof next === 'number' ? Array.isArray(existing) : typeof existing === 'object' && existing;
    if (!wanted) node[token] = typeof next === 'number' ? [] : {};
    node = node[token] as Container;
  });
}

/** A list field of the form (an empty list arrives as `Name=` with no members). */
export function queryList<T = unknown>(params: Record<string, unknown>, name: string): T[] {
  const value = params[name];
  return Array.isArray(value) ? (value.filter((item) => item !== undefined) as T[]) : [];
}

export function queryString(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredQueryString(params: Record<string, unknown>, name: string): string {
  const value = queryString(params, name);
  if (value === undefined || value === '') {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** Lists become `<member>` elements, dates ISO strings, absent values no element. */
function toQueryXml(value: unknown): unknown {
  if (Array.isArray(value)) return { member: value.map(toQueryXml) };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return Object.fromEntries(entries.map(([key, item]) => [key, toQueryXml(item)]));
  }
  return value;
}

export function queryResponse(action: string, result: Record<string, unknown>, xmlns: string): StandinResponse {
  const body = xmlDocument(
    `${action}Response`,
    { [`${action}Result`]: toQueryXml(result), ResponseMetadata: { RequestId: crypto.randomUUID() } },
    xmlns,
  );
  return { status: 200, headers: { 'content-type': 'text/xml' }, body };
}

export function queryError(error: AwsError, xmlns: string): StandinResponse {
  const body = xmlDocument(
    'ErrorResponse',
    {
      Error: { Type: error.status >= 500 ? 'Receiver' : 'Sender', Code: error.code, Message: error.message },
      RequestId: crypto.randomUUID(),
    },
    xmlns,
  );
  return { status: error.status, headers: { 'content-type': 'text/xml' }, body };
}
