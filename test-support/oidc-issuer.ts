import { generateKeyPairSync, type JsonWebKey, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { LOCAL_CLIENT_ID, LOCAL_PEOPLE } from './people';
import { serveOnLoopback } from './ports';

export interface LocalIssuer {
  /** The issuer URL (`iss`); discovery at `/.well-known/openid-configuration`, keys at `/.well-known/jwks.json`. */
  url: string;
  clientId: string;
  /** The private signing key (JWK), for tests that mint tokens; never leaves the machine. */
  signingKey: JsonWebKey;
  close(): Promise<void>;
}

export interface LocalIssuerOptions {
  port: number;
  /** Origins the site is served from: its callback and sign-out URLs, and CORS for the token endpoint. */
  siteOrigins: string[];
  /** Keep the signing key here, so tokens and sessions survive a restart of `npm start`. */
  keyFile?: string;
  /** ID token lifetime in seconds (Cognito's default is an hour). */
  idTokenSeconds?: number;
}

/** An RS256 key pair as a private JWK with a key id, loaded from `keyFile` when it is there. */
function signingKey(keyFile?: string): JsonWebKey {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as JsonWebKey;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function loginPage(uid: string, error?: string, email = ''): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to Runway (local)</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.3rem 0}input{padding:.4rem}button{padding:.5rem;margin-top:1rem}[role=alert]{color:#a00}</style>
</head>
<body>
<main>
<h1>Sign in to Runway</h1>
<p>Local sign-in: the people and passwords are printed by <code>npm start</code>.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="email">Email</label><input id="email" name="email" type="email" required value="${escapeHtml(email)}">
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>`;
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function configuration(options: LocalIssuerOptions, jwk: JsonWebKey): Configuration {
  const people = new Map(LOCAL_PEOPLE.map((person) => [person.id, person]));
  return {
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.siteOrigins.map((origin) => `${origin}/callback.html`),
        post_logout_redirect_uris: options.siteOrigins.map((origin) => `${origin}/`),
      },
    ],
    jwks: { keys: [jwk as Record<string, string>] },
    // Cognito's key layout, so the API's verifier finds the keys the same way for both issuers.
    routes: { jwks: '/.well-known/jwks.json' },
    async findAccount(_ctx, sub) {
      const person = people.get(sub);
      if (person === undefined) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: person.email,
          email_verified: true,
          name: person.name,
          'cognito:groups': [...person.groups],
        }),
      };
    },
    claims: { openid: ['sub', 'cognito:groups'], email: ['email', 'email_verified'], profile: ['name'] },
    // Like a Cognito ID token: the person's claims are in the ID token, not only at userinfo.
    conformIdTokenClaims: false,
    // Like Cognito: the site is a first-party client, so no consent screen ...
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (client === undefined || session?.accountId === undefined) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['sub', 'email', 'email_verified', 'name', 'cognito:groups']);
      await grant.save();
      return grant;
    },
    // ... and a refresh token with every code exchange, so the site renews its tokens.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin) => options.siteOrigins.includes(origin),
    pkce: { required: () => true },
    ttl: {
      IdToken: options.idTokenSeconds ?? 3600,
      AccessToken: options.idTokenSeconds ?? 3600,
      RefreshToken: 12 * 3600,
      Session: 12 * 3600,
      Grant: 12 * 3600,
      Interaction: 3600,
      AuthorizationCode: 60,
    },
    cookies: { keys: [jwk.d ?? randomUUID()] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      // Sign-out goes straight back to the site, as Cognito's /logout does.
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = `<!doctype html><html lang="en"><head><title>Signing out</title></head><body>${form}
<script>const form = document.getElementById('op.logoutForm'); const yes = document.createElement('input');
yes.type = 'hidden'; yes.name = 'logout'; yes.value = 'yes'; form.appendChild(yes); form.submit();</script></body></html>`;
        },
      },
    },
  };
}

/**
 * A local OpenID Connect issuer (the `oidc-provider` package) standing in for the Cognito user
 * pool: authorization code with PKCE for the site's public client, refresh tokens, sign-out
 * back to the site, ID tokens with `email`, `name` and `cognito:groups`, signed with an RS256
 * key published at `/.well-known/jwks.json`. Its login page checks the seeded people's passwords.
 */
export async function startLocalIssuer(options: LocalIssuerOptions): Promise<LocalIssuer> {
  const jwk = signingKey(options.keyFile);
  const url = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(url, configuration(options, jwk));
  const callback = provider.callback();

  const interaction = async (request: IncomingMessage, response: ServerResponse, uid: string, login: boolean) => {
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const html = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(body);
    };
    if (!login) return html(200, loginPage(uid));
    const form = await formBody(request);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const person = LOCAL_PEOPLE.find((candidate) => candidate.email === email);
    if (person === undefined || person.password !== form.get('password')) {
      return html(401, loginPage(uid, 'Incorrect email or password.', email));
    }
    await provider.interactionFinished(request, response, { login: { accountId: person.id } });
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', url).pathname;
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(path);
    if (match?.[1] === undefined) {
      void callback(request, response);
      return;
    }
    const login = match[2] !== undefined && request.method === 'POST';
    interaction(request, response, match[1], login).catch((error: unknown) => {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  const running = await serveOnLoopback(server, options.port);
  return { url, clientId: LOCAL_CLIENT_ID, signingKey: jwk, close: running.close };
}
