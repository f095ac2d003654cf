import { createHash, createPrivateKey, createSign, type JsonWebKey, randomBytes, randomUUID } from 'node:crypto';
import { LOCAL_PEOPLE, type LocalPerson } from './people';

/**
 * Tokens for tests against the local stack. The jest global setup (and `npm start`) start the
 * local issuer and publish it here through RUNWAY_OIDC_* environment variables.
 */
export const OIDC_ENV = {
  issuer: 'RUNWAY_OIDC_ISSUER_URL',
  clientId: 'RUNWAY_OIDC_CLIENT_ID',
  signingKey: 'RUNWAY_OIDC_SIGNING_KEY',
  siteOrigin: 'RUNWAY_OIDC_SITE_ORIGIN',
} as const;

function fromEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through jest (global setup) or against npm start`);
  return value;
}

/** Someone to sign in as: a seeded person, or anyone a test makes up. */
export interface TokenPerson {
  id: string;
  name: string;
  email?: string;
  groups: readonly string[];
}

/** A made-up person with a unique id, as tests use to keep their records apart. */
export function testPerson(name: string, groups: readonly string[] = ['engineers']): TokenPerson {
  const id = randomUUID();
  return { id, name, email: `${id.slice(0, 8)}@test.runway.local`, groups };
}

export interface MintOptions {
  /** Seconds until expiry; negative for an expired token. Default 600. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
  /** Sign with this private JWK instead of the issuer's (a forged token). */
  key?: JsonWebKey;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * An ID token as the local issuer would sign it (RS256 with its key), for API tests that need
 * many people or bad tokens; {@link signIn} gets one through the issuer's real code flow.
 */
export function mintIdToken(person: TokenPerson, options: MintOptions = {}): string {
  const key = options.key ?? (JSON.parse(fromEnv(OIDC_ENV.signingKey)) as JsonWebKey);
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid };
  const claims = {
    iss: options.issuer ?? fromEnv(OIDC_ENV.issuer),
    aud: options.audience ?? fromEnv(OIDC_ENV.clientId),
    sub: person.id,
    email: person.email ?? `${person.id}@test.runway.local`,
    email_verified: true,
    name: person.name,
    'cognito:groups': [...person.groups],
    iat: now - 5,
    exp: now + (options.expiresIn ?? 600),
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256')
    .update(input)
    .sign(createPrivateKey({ key, format: 'jwk' }));
  return `${input}.${base64url(signature)}`;
}

/** `Authorization` header for a person. */
export function bearer(person: TokenPerson, options?: MintOptions): { Authorization: string } {
  return { Authorization: `Bearer ${mintIdToken(person, options)}` };
}

/** The seeded person with this email. */
export function localPerson(email: string): LocalPerson {
  const person = LOCAL_PEOPLE.find((candidate) => candidate.email === email);
  if (person === undefined) throw new Error(`No seeded person ${email}`);
  return person;
}

export interface SignedInTokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
}

/** A tiny cookie jar: the issuer's interaction and session cookies across the redirects. */
function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    take(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair?.indexOf('=') ?? -1;
        if (pair && at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
    },
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
  };
}

/**
 * Signs a person in through the local issuer's real authorization code flow with PKCE, as the
 * site does: authorize → login form → redirect with a code → token endpoint.
 */
export async function signIn(email: string, password: string): Promise<SignedInTokens> {
  const issuer = fromEnv(OIDC_ENV.issuer);
  const clientId = fromEnv(OIDC_ENV.clientId);
  const redirectUri = `${fromEnv(OIDC_ENV.siteOrigin)}/callback.html`;
  const verifier = base64url(randomBytes(32));
  const jar = cookieJar();
  const step = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(url, issuer), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(response);
    return response;
  };
  const authorize = new URL('/auth', issuer);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: 'openid email profile',
    redirect_uri: redirectUri,
    state: randomUUID(),
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  let response = await step(authorize.href);
  const loginAt = response.headers.get('location') ?? '';
  response = await step(`${loginAt}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  });
  if (response.status === 401) throw new Error(`The local issuer refused the password of ${email}`);
  // Follow the issuer's redirects until it sends the browser back to the site with a code.
  let location = response.headers.get('location') ?? '';
  for (let hops = 0; hops < 5 && !location.startsWith(redirectUri); hops += 1) {
    response = await step(location);
    location = response.headers.get('location') ?? '';
  }
  const code = new URL(location, issuer).searchParams.get('code');
  if (!code) throw new Error(`The local issuer gave no code (last answer ${response.status} to ${location})`);
  const tokens = await fetch(new URL('/token', issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await tokens.json()) as { id_token?: string; access_token?: string; refresh_token?: string };
  if (!tokens.ok || !body.id_token || !body.access_token) {
    throw new Error(`The token endpoint answered ${tokens.status}: ${JSON.stringify(body)}`);
  }
  return { idToken: body.id_token, accessToken: body.access_token, refreshToken: body.refresh_token };
}
