/**
 * Options every SDK client in Runway is built with. No `endpoint` is ever set
 * here: the SDK reads AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> itself, and
 * an explicit endpoint would silently override them (see PITFALLS.md).
 */
export const clientOptions = {
  maxAttempts: 3,
} as const;
