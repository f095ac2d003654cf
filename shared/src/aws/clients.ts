import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Options every SDK client in Runway's functions is built with.
 *
 * Credentials come from the environment only, as Lambda hands them to every function
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) and as the local stack and the
 * tests set them. Given `credentials`, the SDK never calls its default chain (SSO, INI files,
 * process, web identity, instance metadata), so the bundles leave it out altogether
 * (shared/serverless/esbuild.yml, `alias`; docs/benchmark.md). The limit: a function cannot take
 * a profile — deployed, it never could.
 *
 * No `endpoint` is ever set here: the SDK reads AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>
 * itself, and an explicit endpoint would silently override them (see PITFALLS.md).
 */
export const clientOptions = {
  maxAttempts: 3,
  credentials: fromEnv(),
} as const;
