import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

/** How long a fetched secret is reused before Parameter Store is asked again. */
export const SECRET_TTL_MS = 5 * 60 * 1000;

/**
 * Caches what `load` returns for `ttlMs`. Concurrent callers share one load;
 * a failed load is not cached, so the next call tries again.
 */
export function cached(load: () => Promise<string>, ttlMs: number, now: () => number = Date.now) {
  let entry: { value: Promise<string>; expiresAt: number } | undefined;
  return (): Promise<string> => {
    if (entry && now() < entry.expiresAt) return entry.value;
    const value = load();
    const current = { value, expiresAt: now() + ttlMs };
    entry = current;
    value.catch(() => {
      if (entry === current) entry = undefined;
    });
    return value;
  };
}

/** Reads a SecureString parameter, decrypted. Its value is never logged. */
export function parameterLoader(client: SSMClient, name: string): () => Promise<string> {
  return async () => {
    const { Parameter } = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    if (!Parameter?.Value) throw new Error(`Parameter ${name} has no value`);
    return Parameter.Value;
  };
}
