import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { unauthorized } from './caller-of';

/** Environment of a function that verifies tokens itself (only under serverless-offline). */
export const TOKEN_ENV = {
  issuer: 'TOKEN_ISSUER',
  audience: 'TOKEN_AUDIENCE',
} as const;

type Verify = (token: string) => Promise<Record<string, unknown>>;

let verifier: Promise<{ verify: Verify; isTokenError: (error: unknown) => string | undefined }> | undefined;

/**
 * aws-jwt-verify, loaded and built once per container on first use, so a deployed function
 * (which never verifies) does not pay for loading it. Its JWKS cache keeps the issuer's keys
 * for the container's life: one key fetch per cold start of a local worker, none per request.
 * Its own fetcher speaks HTTPS only; the local issuer serves plain HTTP on loopback.
 */
function loadVerifier(issuer: string, audience: string) {
  verifier ??= (async () => {
    const [{ JwtVerifier }, { SimpleJwksCache }, errors] = await Promise.all([
      import('aws-jwt-verify'),
      import('aws-jwt-verify/jwk'),
      import('aws-jwt-verify/error'),
    ]);
    const fetcher = {
      fetch: async (uri: string) => {
        const response = await fetch(uri);
        if (!response.ok) throw new errors.FetchError(uri, `Status code is ${response.status}, expected 200`);
        return response.arrayBuffer();
      },
    };
    const jwtVerifier = JwtVerifier.create(
      { issuer, audience, jwksUri: `${issuer}/.well-known/jwks.json` },
      { jwksCache: new SimpleJwksCache({ fetcher }) },
    );
    // What each refusal of aws-jwt-verify tells the caller; other errors (the issuer unreachable) are 5xx.
    const problems: [abstract new (...args: never[]) => Error, string][] = [
      [errors.JwtExpiredError, 'has expired'],
      [errors.JwtInvalidIssuerError, 'is not from the expected issuer'],
      [errors.JwtInvalidAudienceError, 'is not for this API (wrong audience)'],
      [errors.JwtInvalidSignatureError, 'is not signed by the issuer'],
      [errors.JwtInvalidSignatureAlgorithmError, 'is not signed by the issuer'],
      [errors.KidNotFoundInJwksError, 'is not signed by the issuer'],
      [errors.JwtWithoutValidKidError, 'is not signed by the issuer'],
      // A key id the issuer's keys lack, asked again within the cache's back-off: no new fetch, still not the issuer's.
      [errors.WaitPeriodNotYetEndedJwkError, 'is not signed by the issuer'],
      [errors.JwtParseError, 'is not a JWT'],
      [errors.JwtInvalidClaimError, 'is not valid'],
    ];
    const isTokenError = (error: unknown): string | undefined => problems.find(([type]) => error instanceof type)?.[1];
    return { verify: (token: string) => jwtVerifier.verify(token) as Promise<Record<string, unknown>>, isTokenError };
  })();
  return verifier;
}

/** How this function establishes who calls: trust API Gateway's authorizer, or verify the token itself. */
export function tokenCheck(
  env: NodeJS.ProcessEnv = process.env,
): { mode: 'authorizer' } | { mode: 'verify'; issuer: string; audience: string } {
  // serverless-offline sets IS_OFFLINE in every function it runs. Its JWT authorizer never checks
  // signatures and it lets any client set the authorizer context (header sls-offline-authorizer-override),
  // so offline the function must verify the token itself; it refuses to run without an issuer.
  if (env.IS_OFFLINE !== 'true') return { mode: 'authorizer' };
  const issuer = env[TOKEN_ENV.issuer];
  const audience = env[TOKEN_ENV.audience];
  if (!issuer || !audience) {
    throw new Error(`Offline functions verify tokens: set ${TOKEN_ENV.issuer} and ${TOKEN_ENV.audience}`);
  }
  return { mode: 'verify', issuer, audience };
}

/**
 * Middy middleware, registered before body parsing and validation so an unsigned request gets
 * a 401, never a 400. Deployed there is none (undefined): API Gateway's JWT authorizer has already
 * refused missing, forged, expired, other-issuer and other-audience tokens, and put the
 * verified claims on the request context. Under serverless-offline it verifies the
 * `Authorization: Bearer <ID token>` header with aws-jwt-verify against the issuer's keys and
 * replaces the request context's authorizer with the verified claims.
 */
export function tokenVerifier(env: NodeJS.ProcessEnv = process.env): MiddlewareObj<APIGatewayProxyEventV2> | undefined {
  const check = tokenCheck(env);
  if (check.mode === 'authorizer') return undefined;
  return {
    before: async (request) => {
      const header = request.event.headers?.authorization;
      if (header === undefined || header.trim() === '') throw unauthorized('is missing: sign in and send the ID token');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) throw unauthorized('must be "Bearer <ID token>"');
      const { verify, isTokenError } = await loadVerifier(check.issuer, check.audience);
      let claims: Record<string, unknown>;
      try {
        claims = await verify(match[1]);
      } catch (error) {
        const problem = isTokenError(error);
        if (problem === undefined) throw error;
        throw unauthorized(problem);
      }
      const context = request.event.requestContext as unknown as Record<string, unknown>;
      context.authorizer = { jwt: { claims, scopes: null } };
    },
  };
}
