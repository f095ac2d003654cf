// Types of role-name.js, which osls loads as plain CommonJS at package time.
export const MAX_ROLE_NAME: number;
export function roleName(names: { service: string; stage: string; region: string; functionName: string }): string;
