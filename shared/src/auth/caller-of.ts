import createHttpError from 'http-errors';
import type { HttpEvent } from '../http/http-handler';
import type { Caller, Role } from './caller';

/** Cognito group → role; other groups give no role. */
const ROLE_OF_GROUP: Record<string, Role> = { engineers: 'engineer', managers: 'manager' };

type Claims = Record<string, unknown>;

function claimsOf(event: HttpEvent<unknown>): Claims | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } };
  return context.authorizer?.jwt?.claims;
}

/** `cognito:groups` arrives as an array, or as API Gateway's string form `[a b]`. */
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  if (typeof value === 'string')
    return value
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
  return [];
}

/**
 * The caller of an HTTP request, from the claims the JWT authorizer verified.
 * Missing claims → 401. (Minimal version until the sign-in layer provides its own.)
 */
export function callerOf(event: HttpEvent<unknown>): Caller {
  const claims = claimsOf(event);
  const sub = claims?.sub;
  if (claims === undefined || typeof sub !== 'string' || sub === '') {
    throw createHttpError(401, 'Sign-in required', {
      errors: [{ field: 'Authorization', problem: 'is missing or invalid' }],
    });
  }
  const email = typeof claims.email === 'string' ? claims.email : '';
  const name = typeof claims.name === 'string' && claims.name !== '' ? claims.name : email;
  const roles = [...new Set(groupsOf(claims['cognito:groups']).flatMap((group) => ROLE_OF_GROUP[group] ?? []))];
  return { id: sub, email, name, roles };
}
