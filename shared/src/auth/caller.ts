/**
 * Who is calling the metrics API, as the sign-in layer establishes it from the verified token.
 * Handlers and domain code take a `Caller`; none of them reads token claims itself.
 */
export type Role = 'engineer' | 'manager';

export interface Caller {
  /** The identity provider's stable user id (the token's `sub`). */
  readonly id: string;
  readonly email: string;
  /** Display name, as records and pages show it. */
  readonly name: string;
  readonly roles: readonly Role[];
}

/** True when the caller holds the role. */
export function hasRole(caller: Caller, role: Role): boolean {
  return caller.roles.includes(role);
}
