/** The sign-in settings of config.json: the issuer, the site's client and where it returns to. */
export interface AuthConfig {
  /** The OpenID Connect issuer: the Cognito user pool, or the local issuer. */
  authority: string;
  clientId: string;
  /** The site's callback page (`/callback.html`), registered with the issuer. */
  redirectUri: string;
  /** Where sign-out returns to (the site's start page), registered with the issuer. */
  postLogoutRedirectUri: string;
  /** Cognito's managed login `/logout` URL: Cognito publishes no end_session_endpoint. */
  signOutUrl?: string;
}

export interface SiteConfig {
  apiUrl: string;
  auth: AuthConfig;
}

let configPromise: Promise<SiteConfig> | undefined;

/** config.json is written per stage at deploy time, so one build serves every stage. */
export function siteConfig(): Promise<SiteConfig> {
  configPromise ??= fetch('config.json', { cache: 'no-store' }).then(async (response) => {
    if (!response.ok) throw new Error('The site has no config.json: run the site build');
    return (await response.json()) as SiteConfig;
  });
  return configPromise;
}
