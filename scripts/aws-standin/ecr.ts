import type { AccountState } from './account-state';
import { AwsError, UnknownOperationError } from './aws-error';
import { jsonBody, jsonError, jsonResponse, jsonTarget } from './json-protocol';
import { resourcesOfType } from './stack-resources';
import type { ServiceModule } from './standin-request';

/** ECR (awsJson1_1): DescribeRepositories of the repositories stacks declared (and retained ones). */
export function ecrService(state: AccountState): ServiceModule {
  const repositoryNames = () => [
    ...resourcesOfType(state, 'AWS::ECR::Repository').map((resource) => resource.physicalId),
    ...[...state.namedResources.values()]
      .filter((entry) => entry.type === 'AWS::ECR::Repository' && !entry.stackId)
      .map((entry) => entry.name),
  ];
  return {
    route(request) {
      const action = jsonTarget(request);
      const input = jsonBody(request);
      if (action === 'ListImages') {
        // No image is ever pushed to the stand-in: an existing repository lists none (pipeline-triggers'
        // container-image-tag.js asks whether a `live` image exists yet).
        return {
          action,
          params: input,
          run: () => {
            const name = String(input.repositoryName);
            if (!repositoryNames().includes(name)) {
              throw new AwsError(
                'RepositoryNotFoundException',
                `The repository with name '${name}' does not exist in the registry with id '${state.accountId}'`,
              );
            }
            return jsonResponse({ imageIds: [] });
          },
        };
      }
      if (action !== 'DescribeRepositories') throw new UnknownOperationError(action, 'UnknownOperationException', 400);
      return {
        action,
        params: input,
        run: () => {
          const existing = repositoryNames();
          const wanted = Array.isArray(input.repositoryNames) ? input.repositoryNames.map(String) : existing;
          const missing = wanted.find((name) => !existing.includes(name));
          if (missing) {
            throw new AwsError(
              'RepositoryNotFoundException',
              `The repository with name '${missing}' does not exist in the registry with id '${state.accountId}'`,
            );
          }
          return jsonResponse({
            repositories: wanted.map((name) => ({
              repositoryName: name,
              repositoryArn: `arn:aws:ecr:${request.region}:${state.accountId}:repository/${name}`,
              registryId: state.accountId,
              repositoryUri: `${state.accountId}.dkr.ecr.${request.region}.amazonaws.com/${name}`,
            })),
          });
        },
      };
    },
    renderError: (error) => jsonError(error),
  };
}
