/**
 * Reads a required environment variable, failing at module load so a
 * misconfigured function never serves a request with a half-empty config.
 */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

/** Reads an optional environment variable, falling back to `fallback` when unset or empty. */
export function optionalEnv(name: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

/** Splits a comma-separated environment value into trimmed, non-empty entries. */
export function listEnv(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}
