import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import createHttpError from 'http-errors';
import { loadEvent } from '../../test-support/events';
import { parseForm } from '../src/http/form-body';
import { DEFAULT_PAGE_CSP, htmlHandler, page } from '../src/http/html-handler';
import type { HttpEvent, HttpResult } from '../src/http/http-handler';
import { isSameOriginRequest } from '../src/http/same-origin';

const context = {} as Context;
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;

/** The real API Gateway sample turned into a browser's form post. */
function formPost(body: string, options: { base64?: boolean; headers?: Record<string, string> } = {}) {
  const event = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
  event.headers = {
    'content-type': 'application/x-www-form-urlencoded',
    host: 'approvals.example.com',
    ...options.headers,
  };
  event.body = options.base64 ? Buffer.from(body).toString('base64') : body;
  event.isBase64Encoded = options.base64 ?? false;
  return event;
}

const echo = htmlHandler<Record<string, string>>(
  async (event: HttpEvent<Record<string, string>>) => page(200, JSON.stringify(event.body)),
  { formBodyMaxBytes: 64, sameOrigin: { allowedOrigins: ['https://approvals.example.com'] } },
) as unknown as Handler;

describe('htmlHandler', () => {
  it('parses a form post delivered base64-encoded, as an HTTP API delivers it', async () => {
    const response = await echo(formPost('decision=approve&comment=+Looks%20good+', { base64: true }), context);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ decision: 'approve', comment: 'Looks good' });
  });

  it('parses the same form delivered as plain text, as serverless-offline delivers it', async () => {
    const response = await echo(formPost('decision=approve&comment=+Looks%20good+'), context);

    expect(JSON.parse(response.body ?? '')).toEqual({ decision: 'approve', comment: 'Looks good' });
  });

  it('sends the page headers on success and on errors', async () => {
    const ok = await echo(formPost('decision=approve'), context);
    const tooLarge = await echo(formPost(`comment=${'x'.repeat(100)}`), context);
    const wrongType = await echo(formPost('{}', { headers: { 'content-type': 'application/json' } }), context);

    expect([ok.statusCode, tooLarge.statusCode, wrongType.statusCode]).toEqual([200, 413, 415]);
    for (const response of [ok, tooLarge, wrongType]) {
      expect(response.headers).toMatchObject({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy': DEFAULT_PAGE_CSP,
        'X-Frame-Options': 'DENY',
      });
    }
  });

  it('refuses a post another site made the browser send', async () => {
    const response = await echo(formPost('decision=approve', { headers: { 'sec-fetch-site': 'cross-site' } }), context);

    expect(response.statusCode).toBe(403);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const handler = htmlHandler(async () => page(200, '<p>hello</p>')) as unknown as Handler;
    const event = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
    event.requestContext.http.method = 'HEAD';

    const response = await handler(event, context);

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers?.['Cache-Control']).toBe('no-store');
  });

  it('shows a 4xx message escaped, and never the details of a 5xx', async () => {
    const refused = htmlHandler(async () => {
      throw createHttpError(409, 'Taken by <b>someone</b>');
    }) as unknown as Handler;
    const broken = htmlHandler(async () => {
      throw new Error('database password is hunter2');
    }) as unknown as Handler;
    const event = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');

    const conflict = await refused(event, context);
    const failure = await broken(event, context);

    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toContain('Taken by &lt;b&gt;someone&lt;/b&gt;');
    expect(failure.statusCode).toBe(500);
    expect(failure.body).not.toContain('hunter2');
  });
});

describe('parseForm', () => {
  it('keeps the first value of a repeated field and trims every value', () => {
    expect(parseForm(Buffer.from('a=1&a=2&b=+x+&c='))).toEqual({ a: '1', b: 'x', c: '' });
  });
});

describe('isSameOriginRequest', () => {
  const allowed = ['https://approvals.example.com'];

  it('trusts Sec-Fetch-Site when the browser sends it', () => {
    expect(isSameOriginRequest({ 'sec-fetch-site': 'same-origin', origin: 'null' }, allowed)).toBe(true);
    expect(isSameOriginRequest({ 'sec-fetch-site': 'cross-site' }, allowed)).toBe(false);
    expect(isSameOriginRequest({ 'sec-fetch-site': 'same-site' }, allowed)).toBe(false);
  });

  it('otherwise accepts the configured origins and the request’s own host', () => {
    expect(isSameOriginRequest({ origin: 'https://approvals.example.com' }, allowed)).toBe(true);
    expect(isSameOriginRequest({ origin: 'http://127.0.0.1:3010', host: '127.0.0.1:3010' }, allowed)).toBe(true);
    expect(isSameOriginRequest({ origin: 'https://evil.example', host: 'approvals.example.com' }, allowed)).toBe(false);
    expect(isSameOriginRequest({ origin: 'not a url' }, allowed)).toBe(false);
  });

  it('lets through a post without Origin, or with the Origin: null of a no-referrer page', () => {
    expect(isSameOriginRequest({}, allowed)).toBe(true);
    expect(isSameOriginRequest({ origin: 'null' }, allowed)).toBe(true);
  });
});

describe('htmlHandler mapError', () => {
  it('answers a mapped error with the status mapError gives it, rendering the page from the thrown error', async () => {
    class GoneError extends Error {}
    const rendered: unknown[] = [];
    const gone = htmlHandler(
      async () => {
        throw new GoneError('That link expired.');
      },
      {
        mapError: (error) => (error instanceof GoneError ? createHttpError(410, error.message) : error),
        errorPage: (shown) => {
          rendered.push(shown.error);
          return `<p>${shown.statusCode} ${shown.message}</p>`;
        },
      },
    ) as unknown as Handler;

    const response = await gone(loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity'), context);

    expect(response.statusCode).toBe(410);
    expect(response.body).toBe('<p>410 That link expired.</p>');
    expect(rendered[0]).toBeInstanceOf(GoneError);
  });
});
