import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpError } from '../errors';

/** Sec-Fetch-Site values a browser sends for a request that no other site initiated. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Whether a state-changing request came from this site's own pages.
 *
 * `Sec-Fetch-Site` decides when the browser sends it (all current browsers
 * do). Otherwise `Origin` must be this host or one of `allowedOrigins`. An
 * absent `Origin`, or `Origin: null` (what a browser sends for a same-origin
 * form post from a page served with `Referrer-Policy: no-referrer`), is let
 * through: such a request must still carry whatever capability the route
 * requires, so refusing it would only lock real users of older browsers out.
 */
export function isSameOriginRequest(
  headers: Record<string, string | undefined>,
  allowedOrigins: readonly string[] = [],
): boolean {
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite !== undefined) return OWN_FETCH_SITES.has(fetchSite.toLowerCase());
  const origin = headers.origin;
  if (origin === undefined || origin === 'null') return true;
  const requestOrigin = originOf(origin);
  if (requestOrigin === undefined) return false;
  if (allowedOrigins.some((allowed) => originOf(allowed) === requestOrigin)) return true;
  return headers.host !== undefined && new URL(requestOrigin).host === headers.host.toLowerCase();
}

/** Refuses (403) a request another site made the browser send; headers must be lower-cased first. */
export function sameOriginOnly(allowedOrigins: readonly string[] = []): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    before: async (request) => {
      if (!isSameOriginRequest(request.event.headers ?? {}, allowedOrigins)) {
        throw httpError(403, 'This form can only be sent from its own page.');
      }
    },
  };
}
