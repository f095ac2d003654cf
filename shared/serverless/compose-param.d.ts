// Types of compose-param.js, which osls loads as plain CommonJS when resolving variables.
type ComposeInput =
  | { producer: string; producerService: string; output: string; value?: undefined }
  | { value: unknown; producer?: undefined };

export function composeInputs(
  composeFile: string,
  serviceName: string,
): { alias: string | undefined; inputs: Record<string, ComposeInput> };

export function resolveComposeParams(settings: {
  alias: string;
  inputs: Record<string, ComposeInput>;
  stage: string;
  region: string | undefined;
  given: Record<string, string>;
  deploying: boolean;
  defaults: Record<string, unknown> | undefined;
  outputsOf: (stackName: string, region: string | undefined) => Promise<Record<string, string> | undefined>;
}): Promise<Record<string, unknown>>;
