import type { AccountState } from './account-state';
import { AwsError, UnknownOperationError } from './aws-error';
import { jsonBody, jsonError, jsonResponse, jsonTarget } from './json-protocol';
import { resourcesOfType } from './stack-resources';
import type { ServiceModule, StandinResponse } from './standin-request';

/**
 * ECR (awsJson1_1): the repositories stacks declared (and retained ones). No image is ever pushed to
 * the stand-in, so an existing repository lists none.
 */

function repositoryNames(state: AccountState): string[] {
  const retained = [...state.namedResources.values()].filter(
    (entry) => entry.type === 'AWS::ECR::Repository' && !entry.stackId,
  );
  return [
    ...resourcesOfType(state, 'AWS::ECR::Repository').map((resource) => resource.physicalId),
    ...retained.map((entry) => entry.name),
  ];
}

const repositoryNotFound = (state: AccountState, name: string) =>
  new AwsError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${state.accountId}'`,
  );

type Action = (state: AccountState, input: Record<string, unknown>, region: string) => StandinResponse;

const ACTIONS: Record<string, Action> = {
  DescribeRepositories: (state, input, region) => {
    const existing = repositoryNames(state);
    const wanted = Array.isArray(input.repositoryNames) ? input.repositoryNames.map(String) : existing;
    const missing = wanted.find((name) => !existing.includes(name));
    if (missing) throw repositoryNotFound(state, missing);
    return jsonResponse({
      repositories: wanted.map((name) => ({
        repositoryName: name,
        repositoryArn: `arn:aws:ecr:${region}:${state.accountId}:repository/${name}`,
        registryId: state.accountId,
        repositoryUri: `${state.accountId}.dkr.ecr.${region}.amazonaws.com/${name}`,
      })),
    });
  },
  // pipeline-triggers asks whether a `live` image exists yet.
  ListImages: (state, input) => {
    const name = String(input.repositoryName);
    if (!repositoryNames(state).includes(name)) throw repositoryNotFound(state, name);
    return jsonResponse({ imageIds: [] });
  },
};

export function ecrService(state: AccountState): ServiceModule {
  return {
    route(request) {
      const action = jsonTarget(request);
      const handler = ACTIONS[action];
      if (!handler) throw new UnknownOperationError(action, 'UnknownOperationException', 400);
      const input = jsonBody(request);
      return { action, params: input, run: () => handler(state, input, request.region) };
    },
    renderError: (error) => jsonError(error),
  };
}
