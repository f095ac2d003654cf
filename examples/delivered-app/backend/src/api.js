// The backend's HTTP interface: GET /health (the target groups' and ValidateService's check),
// GET /api/messages and POST /api/messages. Every answer is JSON; a failure never shows its cause.

const MAX_BODY_BYTES = 2048;
const MAX_TEXT_LENGTH = 200;

class HttpError extends Error {
  constructor(status, message, errors) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.errors = errors;
  }
}

function send(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

async function readJson(request) {
  const type = String(request.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'the body must be application/json');
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
}

function messageText(body) {
  const text = body !== null && typeof body === 'object' ? body.text : undefined;
  const problem =
    typeof text !== 'string'
      ? 'must be a string'
      : text.trim() === ''
        ? 'must not be empty'
        : text.trim().length > MAX_TEXT_LENGTH
          ? `must be at most ${MAX_TEXT_LENGTH} characters`
          : undefined;
  if (problem) throw new HttpError(400, 'invalid message', [{ field: 'text', problem }]);
  return text.trim();
}

async function health(store, version) {
  try {
    await store.ping();
    return [200, { status: 'ok', version }];
  } catch {
    // The database is part of the release's health: a wrong secret or security group fails the deployment.
    return [503, { status: 'unavailable', version }];
  }
}

async function route(store, request, version) {
  const { pathname } = new URL(request.url ?? '/', 'http://backend');
  if (pathname === '/health' && request.method === 'GET') return health(store, version);
  if (pathname === '/api/messages' && request.method === 'GET') return [200, { items: await store.latest() }];
  if (pathname === '/api/messages' && request.method === 'POST') {
    return [201, await store.add(messageText(await readJson(request)))];
  }
  throw new HttpError(404, 'not found');
}

/** A request listener on the store; `version` (the commit) is reported by /health. */
function createApi(store, { version = 'unknown', log = console } = {}) {
  return async (request, response) => {
    try {
      const [status, body] = await route(store, request, version);
      send(response, status, body);
    } catch (error) {
      if (error instanceof HttpError) {
        send(response, error.status, { message: error.message, ...(error.errors ? { errors: error.errors } : {}) });
        return;
      }
      log.error('request failed', error);
      send(response, 500, { message: 'internal error' });
    }
  };
}

module.exports = { createApi };
