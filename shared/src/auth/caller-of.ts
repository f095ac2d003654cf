import { type HttpError, httpError } from '../errors';
import type { HttpEvent } from '../http/http-handler';
import type { Caller, Role } from './caller';

/** The identity provider's groups and the roles they give. */
export const GROUP_ROLES: Readonly<Record<string, Role>> = { engineers: 'engineer', managers: 'manager' };

/** Claims as the HTTP API JWT authorizer hands them to the function (values are strings). */
type Claims = Record<string, string | number | boolean | string[] | undefined>;

interface WithJwtAuthorizer {
  requestContext: { authorizer?: { jwt?: { claims?: Claims } } };
}

/** A 401 in the usual error body; `problem` says what is wrong with the token. */
export function unauthorized(problem: string): HttpError {
  return httpError(401, 'Sign-in required', { errors: [{ field: 'Authorization', problem }] });
}

/**
 * `cognito:groups` arrives as a JSON array from a verified token, but API Gateway's JWT
 * authorizer flattens array claims into one string, `"[engineers managers]"`.
 */
export function groupsOf(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((group) => group.length > 0);
}

const text = (value: Claims[string]): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * The one place that turns the authorizer's claims into a {@link Caller}. The claims are
 * those of an ID token (it carries `email` and `name`; a Cognito access token does not).
 * Deployed, API Gateway's JWT authorizer has verified the token and put its claims on the
 * request context; locally the token verifier middleware puts them there after verifying.
 * No claims, or no `sub`, is a 401.
 */
export function callerOf(event: HttpEvent<unknown>): Caller {
  const claims = (event as unknown as WithJwtAuthorizer).requestContext.authorizer?.jwt?.claims;
  const id = claims === undefined ? undefined : text(claims.sub);
  if (claims === undefined || id === undefined) throw unauthorized('is missing: sign in and send the ID token');
  // API Gateway also accepts a Cognito access token (its client_id matches the audience), but it
  // names nobody: no email, no name. Only the ID token says who is calling.
  if (claims.token_use === 'access') throw unauthorized('must be the ID token, not the access token');
  const email = text(claims.email) ?? '';
  const roles = [
    ...new Set(
      groupsOf(claims['cognito:groups'])
        .map((group) => GROUP_ROLES[group])
        .filter((role): role is Role => role !== undefined),
    ),
  ];
  return { id, email, name: text(claims.name) ?? (email || id), roles };
}
