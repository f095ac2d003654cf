import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import createHttpError from 'http-errors';
import { loadEvent } from '../../test-support/events';
import { tokenCheck, tokenVerifier } from '../src/auth/token-verifier';
import { type HttpResult, httpHandler, json } from '../src/http/http-handler';

const context = {} as Context;

function sampleEvent(): APIGatewayProxyEventV2 {
  return loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

async function invoke(handler: unknown, event: APIGatewayProxyEventV2) {
  const result = (await (handler as Handler)(event, context)) as HttpResult;
  return { ...result, json: JSON.parse(result.body ?? 'null') as Record<string, unknown> };
}

// Read when a handler is built, so it is set before any handler below exists.
process.env.CORS_ALLOWED_ORIGINS = 'https://metrics.example.com';
process.env.CORS_EXPOSED_HEADERS = 'Location,X-Row-Count';

describe('httpHandler', () => {
  const echo = httpHandler(async (event) => json(200, event.body), { jsonBodyMaxBytes: 1024 });

  it('parses the JSON body of the real API Gateway sample event, trimming strings', async () => {
    const event = sampleEvent();
    event.body = JSON.stringify({ engineer: '  Mary  ', hours: 2.5 });

    const response = await invoke(echo, event);

    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ engineer: 'Mary', hours: 2.5 });
  });

  it('decodes a base64-encoded body, as HTTP APIs deliver many content types', async () => {
    const event = sampleEvent();
    event.body = Buffer.from(event.body ?? '').toString('base64');
    event.isBase64Encoded = true;

    const response = await invoke(echo, event);

    expect(response.statusCode).toBe(200);
    expect(response.json.engineer).toBe('Mary Major');
  });

  it('measures the size limit on the decoded body', async () => {
    const event = sampleEvent();
    event.body = Buffer.from(JSON.stringify({ notes: 'x'.repeat(2000) })).toString('base64');
    event.isBase64Encoded = true;

    const response = await invoke(echo, event);

    expect(response.statusCode).toBe(413);
  });

  it('grants CORS to an allowed origin, also on an error response', async () => {
    const event = sampleEvent();
    event.headers['content-type'] = 'text/plain';

    const response = await invoke(echo, event);

    expect(response.statusCode).toBe(415);
    expect(response.headers?.['Access-Control-Allow-Origin']).toBe('https://metrics.example.com');
  });

  it("exposes the response headers of the service's CORS definition (CORS_EXPOSED_HEADERS)", async () => {
    const response = await invoke(echo, sampleEvent());

    expect(response.headers?.['Access-Control-Expose-Headers']).toBe('Location,X-Row-Count');
  });

  it('grants nothing to an origin that is not allowed', async () => {
    const event = sampleEvent();
    event.headers.origin = 'https://evil.example';

    const response = await invoke(echo, event);

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('hides an internal error behind a 500 with the request id', async () => {
    const failing = httpHandler(async () => {
      throw new Error('connection string with a password');
    });

    const response = await invoke(failing, sampleEvent());

    expect(response.statusCode).toBe(500);
    expect(response.json).toEqual({ message: 'Internal server error', errors: [], requestId: 'JKJaXmPLvHcESHA=' });
  });

  it('passes a thrown http-error through with its status and fields', async () => {
    const conflict = httpHandler(async () => {
      throw createHttpError(409, 'Taken', { errors: [{ field: 'name', problem: 'is taken' }] });
    });

    const response = await invoke(conflict, sampleEvent());

    expect(response.statusCode).toBe(409);
    expect(response.json).toEqual({ message: 'Taken', errors: [{ field: 'name', problem: 'is taken' }] });
  });
});

describe('the token check', () => {
  it('trusts the API Gateway authorizer when deployed: no verifier at all', () => {
    expect(tokenCheck({})).toEqual({ mode: 'authorizer' });
    expect(tokenVerifier({})).toBeUndefined();
  });

  it('verifies tokens itself under serverless-offline, against the configured issuer', () => {
    expect(tokenCheck({ IS_OFFLINE: 'true', TOKEN_ISSUER: 'http://127.0.0.1:1', TOKEN_AUDIENCE: 'site' })).toEqual({
      mode: 'verify',
      issuer: 'http://127.0.0.1:1',
      audience: 'site',
    });
  });

  it('refuses to run offline without an issuer, rather than trust an unverified token', () => {
    expect(() => tokenCheck({ IS_OFFLINE: 'true' })).toThrow('Offline functions verify tokens');
  });
});
