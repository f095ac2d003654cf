// Types of cli-command.js, which osls loads as plain CommonJS when resolving variables.
export function isDeploying(commands?: string[]): boolean;
export function cliParams(options: { param?: string | string[] } | undefined): Record<string, string>;
