import type { AccountState } from './account-state';
import { AwsError, UnknownOperationError } from './aws-error';
import { jsonBody, jsonError, jsonResponse, jsonTarget } from './json-protocol';
import type { ServiceModule, StandinResponse } from './standin-request';

/**
 * SSM Parameter Store (awsJson1_1): GetParameter(s) and PutParameter. Parameters that stacks declare
 * (`AWS::SSM::Parameter`) are readable here while their stack lives.
 */
function describe(state: AccountState, region: string, name: string) {
  const parameter = state.parameters.get(name);
  if (!parameter) return undefined;
  return {
    Name: parameter.name,
    Type: parameter.type,
    Value: parameter.value,
    Version: parameter.version,
    LastModifiedDate: parameter.lastModified.getTime() / 1000,
    ARN: `arn:aws:ssm:${region}:${state.accountId}:parameter/${parameter.name.replace(/^\//, '')}`,
    DataType: 'text',
  };
}

const parameterNotFound = () => new AwsError('ParameterNotFound', '');

function putParameter(state: AccountState, input: Record<string, unknown>): StandinResponse {
  const name = String(input.Name);
  const existing = state.parameters.get(name);
  if (existing && input.Overwrite !== true) {
    throw new AwsError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  const version = (existing?.version ?? 0) + 1;
  state.parameters.set(name, {
    name,
    value: String(input.Value),
    type: String(input.Type ?? existing?.type ?? 'String'),
    version,
    lastModified: new Date(),
  });
  return jsonResponse({ Version: version, Tier: 'Standard' });
}

type Action = (state: AccountState, input: Record<string, unknown>, region: string) => StandinResponse;

const ACTIONS: Record<string, Action> = {
  GetParameter: (state, input, region) => {
    const parameter = describe(state, region, String(input.Name));
    if (!parameter) throw parameterNotFound();
    return jsonResponse({ Parameter: parameter });
  },
  GetParameters: (state, input, region) => {
    const names = Array.isArray(input.Names) ? input.Names.map(String) : [];
    const found = names.map((name) => describe(state, region, name));
    return jsonResponse({
      Parameters: found.filter(Boolean),
      InvalidParameters: names.filter((_, index) => !found[index]),
    });
  },
  PutParameter: (state, input) => putParameter(state, input),
};

export function ssmService(state: AccountState): ServiceModule {
  return {
    route(request) {
      const action = jsonTarget(request);
      const handler = ACTIONS[action];
      if (!handler) throw new UnknownOperationError(action, 'UnknownOperationException', 400);
      const input = jsonBody(request);
      const { Value: _value, ...params } = input;
      return { action, params, run: () => handler(state, input, request.region) };
    },
    renderError: (error) => jsonError(error),
  };
}
