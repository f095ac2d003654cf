// Types of stack-outputs.js, which osls loads as plain CommonJS when resolving variables.
export function stackOutputs(
  stackName: string,
  region: string | undefined,
): Promise<Record<string, string> | undefined>;
