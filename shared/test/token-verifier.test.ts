import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { loadEvent } from '../../test-support/events';
import { tokenVerifier } from '../src/auth/token-verifier';
import { jsonErrorHandler } from '../src/http/error-handler';

// What serverless-offline gives a local function: it verifies tokens itself against this issuer.
const ISSUER = 'http://127.0.0.1:8090';
const AUDIENCE = 'runway-site';
const ENV = { IS_OFFLINE: 'true', TOKEN_ISSUER: ISSUER, TOKEN_AUDIENCE: AUDIENCE };

function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}
const issuerKey = keyPair('issuer-key');
const strangerKey = keyPair('issuer-key'); // same kid, another key: a forgery

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function sign(claims: Record<string, unknown>, key: KeyObject = issuerKey.privateKey, kid = issuerKey.kid): string {
  const input = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'mary-sub',
  email: 'mary@example.com',
  iat: now(),
  exp: now() + 600,
  ...extra,
});

const seen: unknown[] = [];
const handler = middy<APIGatewayProxyEventV2>()
  .use(jsonErrorHandler())
  .use(tokenVerifier(ENV) ?? {})
  .handler(async (event) => {
    seen.push((event.requestContext as unknown as { authorizer: unknown }).authorizer);
    return { statusCode: 200, body: '{}' };
  });

async function call(authorization?: string) {
  const event = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
  event.headers = authorization === undefined ? {} : { authorization };
  const result = (await handler(event, {} as Context)) as { statusCode: number; body?: string };
  return { statusCode: result.statusCode, json: JSON.parse(result.body ?? 'null') as Record<string, unknown> };
}

const problemOf = (response: { json: Record<string, unknown> }) =>
  (response.json.errors as { field: string; problem: string }[])[0];

describe('tokenVerifier under serverless-offline', () => {
  const jwksFetches: string[] = [];

  beforeAll(() => {
    // The issuer's JWKS endpoint, answered in-process: a unit test opens no connection.
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (uri) => {
      jwksFetches.push(String(uri));
      return new Response(JSON.stringify({ keys: [issuerKey.jwk] }), { status: 200 });
    });
  });
  afterAll(() => jest.restoreAllMocks());
  beforeEach(() => {
    seen.length = 0;
  });

  it('puts the verified claims where callerOf reads them', async () => {
    const response = await call(`Bearer ${sign(claims())}`);

    expect(response.statusCode).toBe(200);
    expect(seen).toEqual([{ jwt: { claims: expect.objectContaining({ sub: 'mary-sub' }), scopes: null } }]);
    expect(jwksFetches).toEqual([`${ISSUER}/.well-known/jwks.json`]);
  });

  it.each([
    ['no Authorization header', undefined, 'is missing: sign in and send the ID token'],
    ['a header that is not a bearer token', 'Basic bWFyeTpzZWNyZXQ=', 'must be "Bearer <ID token>"'],
    ['an expired token', `Bearer ${sign(claims({ exp: now() - 60 }))}`, 'has expired'],
    ['another audience', `Bearer ${sign(claims({ aud: 'another-app' }))}`, 'is not for this API (wrong audience)'],
    [
      'another issuer',
      `Bearer ${sign(claims({ iss: 'https://evil.example.com' }))}`,
      'is not from the expected issuer',
    ],
    ['a forged signature', `Bearer ${sign(claims(), strangerKey.privateKey)}`, 'is not signed by the issuer'],
    ['something that is not a JWT', 'Bearer not-a-jwt', 'is not a JWT'],
  ])('refuses %s with a 401 naming Authorization', async (_case, header, problem) => {
    const response = await call(header);

    expect(response.statusCode).toBe(401);
    expect(problemOf(response)).toEqual({ field: 'Authorization', problem });
    expect(seen).toHaveLength(0);
  });

  it('fetches the issuer keys once for the life of the function, not per request', async () => {
    await call(`Bearer ${sign(claims())}`);
    await call(`Bearer ${sign(claims())}`);

    expect(jwksFetches).toHaveLength(1);
  });
});
