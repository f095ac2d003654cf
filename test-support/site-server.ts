import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { type RunningServer, serveOnLoopback } from './ports';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Who signs people in, as the site's config.json names it. */
export interface SiteAuthConfig {
  authority: string;
  clientId: string;
}

/**
 * The site's config.json: the API, and the sign-in issuer with this origin's redirect URLs
 * (the browser keeps sign-in state per origin, so the callback must be the origin it started on).
 */
export function siteConfig(origin: string, apiUrl: string, auth: SiteAuthConfig) {
  return {
    apiUrl,
    auth: {
      ...auth,
      redirectUri: `${origin}/callback.html`,
      postLogoutRedirectUri: `${origin}/`,
    },
  };
}

/**
 * Serves the built site (site/dist) the way CloudFront serves it from S3, with
 * a config.json that points the pages at the local API and the local issuer.
 */
export async function startSiteServer(options: {
  port: number;
  root: string;
  apiUrl: string;
  auth: SiteAuthConfig;
}): Promise<RunningServer> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://site').pathname);
      if (path === '/config.json') {
        const origin = `http://${request.headers.host ?? `127.0.0.1:${options.port}`}`;
        response.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
        response.end(JSON.stringify(siteConfig(origin, options.apiUrl, options.auth)));
        return;
      }
      const file = normalize(join(options.root, path === '/' ? 'index.html' : path));
      if (!file.startsWith(options.root + sep)) {
        response.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
        });
        response.end(body);
      } catch {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      }
    })();
  });
  return serveOnLoopback(server, options.port);
}
