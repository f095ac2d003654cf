/**
 * A URL or setting of the local stack that the integration tests' global setup exports
 * (scripts/local); throws, saying how to run the test, when the test was started without it.
 */
export function localStackEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through jest (global setup)`);
  return value;
}
