// The frontend: the page and its script, and /api/* handed to the backend — through an HTTP
// proxy to API_URL in the container, or to the backend in the same process on the EC2 variant.
const { readFileSync } = require('node:fs');
const { request: httpRequest } = require('node:http');
const { join } = require('node:path');

const PUBLIC = join(__dirname, '..', 'public');
const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
};

/** Forwards a request to the backend at `apiUrl` (http only: the backend is inside the VPC). */
function proxyTo(apiUrl) {
  const target = new URL(apiUrl);
  return (request, response) => {
    const upstream = httpRequest(
      {
        hostname: target.hostname,
        port: target.port || 80,
        path: request.url,
        method: request.method,
        headers: { ...request.headers, host: target.host },
        timeout: 10_000,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('backend timed out')));
    upstream.on('error', () => {
      if (response.headersSent) return response.destroy();
      response.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ message: 'the backend is unavailable' }));
    });
    request.pipe(upstream);
  };
}

function createFrontend({ api }) {
  const files = Object.fromEntries(
    Object.entries(FILES).map(([path, [file, type]]) => [path, { body: readFileSync(join(PUBLIC, file)), type }]),
  );
  return (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://frontend');
    if (pathname.startsWith('/api/')) return api(request, response);
    const file = files[pathname];
    if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return response.end('not found');
    }
    response.writeHead(200, {
      'content-type': file.type,
      'content-length': file.body.length,
      'content-security-policy': "default-src 'self'",
      'x-content-type-options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };
}

module.exports = { createFrontend, proxyTo };
