import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { siteConfig } from './config';

/** What the API's roles are called in the token's `cognito:groups`. */
export type Role = 'engineer' | 'manager';
const GROUP_ROLES: Record<string, Role> = { engineers: 'engineer', managers: 'manager' };

export type { User } from 'oidc-client-ts';

let manager: Promise<UserManager> | undefined;

/**
 * The one OpenID Connect client of the site (oidc-client-ts, bundled): authorization code with
 * PKCE against the issuer in config.json. Tokens are kept in sessionStorage (gone with the tab)
 * and renewed with the refresh token before they expire, while the issuer's session lasts.
 */
export function userManager(): Promise<UserManager> {
  manager ??= siteConfig().then(({ auth }) => {
    const userManager = new UserManager({
      authority: auth.authority,
      client_id: auth.clientId,
      redirect_uri: auth.redirectUri,
      post_logout_redirect_uri: auth.postLogoutRedirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      automaticSilentRenew: true,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      ...(auth.signOutUrl ? { metadataSeed: { end_session_endpoint: auth.signOutUrl } } : {}),
    });
    // A renewal that fails (the session ended) sends the person to sign in again.
    userManager.events.addSilentRenewError(() => void signInAgain(userManager));
    return userManager;
  });
  return manager;
}

function signInAgain(userManager: UserManager): Promise<never> {
  void userManager.signinRedirect({ state: window.location.href });
  // The browser is leaving for the sign-in page; nothing after this should run.
  return new Promise<never>(() => undefined);
}

/**
 * The signed-in person: from this tab's session, renewed if the ID token has expired, or
 * else after a trip to the issuer's sign-in page (this promise then never resolves: the
 * page is left, and comes back through callback.html).
 */
export async function signedIn(): Promise<User> {
  const oidc = await userManager();
  const user = await oidc.getUser();
  if (user && !user.expired) return user;
  if (user?.refresh_token) {
    const renewed = await oidc.signinSilent().catch(() => null);
    if (renewed) return renewed;
  }
  return signInAgain(oidc);
}

/** Completes a sign-in on callback.html and returns to the page that asked for it. */
export async function completeSignIn(): Promise<void> {
  const user = await (await userManager()).signinRedirectCallback();
  const back =
    typeof user.state === 'string' && user.state.startsWith(window.location.origin) ? user.state : 'index.html';
  window.location.replace(back);
}

/** Signs out at the issuer too, which sends the browser back to the site's start page. */
export async function signOut(): Promise<void> {
  const oidc = await userManager();
  const { auth } = await siteConfig();
  const user = await oidc.getUser();
  await oidc.removeUser();
  await oidc.signoutRedirect({
    id_token_hint: user?.id_token,
    // Cognito's /logout takes client_id and logout_uri instead of the standard parameters.
    ...(auth.signOutUrl
      ? { extraQueryParams: { client_id: auth.clientId, logout_uri: auth.postLogoutRedirectUri } }
      : {}),
  });
}

/** The roles of the signed-in person, from the token's `cognito:groups`. */
export function rolesOf(user: User): Role[] {
  const groups = user.profile['cognito:groups'];
  const list = Array.isArray(groups) ? groups.map(String) : [];
  return list.map((group) => GROUP_ROLES[group]).filter((role): role is Role => role !== undefined);
}

/** The person's display name. */
export function nameOf(user: User): string {
  return user.profile.name ?? user.profile.email ?? user.profile.sub;
}

/**
 * fetch with the signed-in person's ID token (what the API's JWT authorizer takes). A 401
 * means the token was refused: renew it once and retry, else sign in again.
 */
export async function authFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const send = (user: User) =>
    fetch(input, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${user.id_token}` },
    });
  const response = await send(await signedIn());
  if (response.status !== 401) return response;
  const oidc = await userManager();
  const renewed = await oidc.signinSilent().catch(() => null);
  if (renewed) {
    const retried = await send(renewed);
    if (retried.status !== 401) return retried;
  }
  await oidc.removeUser();
  return signInAgain(oidc);
}

/** Shows who is signed in in the page header, with a sign-out button. */
export function showSignedIn(user: User): void {
  const name = document.getElementById('signed-in-name');
  const button = document.getElementById('sign-out');
  if (name) name.textContent = nameOf(user);
  if (button instanceof HTMLButtonElement) {
    button.hidden = false;
    button.addEventListener('click', () => void signOut());
  }
}
