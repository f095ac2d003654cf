import type { AccountState } from './account-state';
import { AwsError, UnknownOperationError } from './aws-error';
import { resourcesOfType } from './stack-resources';
import type { ServiceModule } from './standin-request';

/**
 * Lambda (REST-JSON): GetFunction of the functions stacks declared. The framework compares their
 * LastModified with its uploaded artifacts to decide whether a deploy can be skipped.
 */
export function lambdaService(state: AccountState): ServiceModule {
  return {
    route(request) {
      const match = /^\/2015-03-31\/functions\/([^/]+)$/.exec(request.path);
      if (request.method !== 'GET' || !match?.[1]) {
        throw new UnknownOperationError(`${request.method} ${request.path}`, 'UnknownOperationException', 404);
      }
      const wanted = decodeURIComponent(match[1]);
      return {
        action: 'GetFunction',
        params: { FunctionName: wanted },
        run: () => {
          const name = wanted.startsWith('arn:') ? (wanted.split(':')[6] ?? '') : wanted;
          const resource = resourcesOfType(state, 'AWS::Lambda::Function').find(
            (candidate) => candidate.physicalId === name,
          );
          const arn = `arn:aws:lambda:${request.region}:${state.accountId}:function:${name}`;
          if (!resource) throw new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
          const { properties } = resource;
          const configuration = {
            FunctionName: name,
            FunctionArn: arn,
            Runtime: properties.Runtime,
            Role: properties.Role,
            Handler: properties.Handler,
            MemorySize: properties.MemorySize,
            Timeout: properties.Timeout,
            Architectures: properties.Architectures,
            LastModified: resource.lastUpdated.toISOString().replace('Z', '+0000'),
            State: 'Active',
            Version: '$LATEST',
          };
          return {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ Configuration: configuration }),
          };
        },
      };
    },
    renderError: (error) => ({
      status: error.status,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
      body: JSON.stringify({ Type: 'User', Message: error.message }),
    }),
  };
}
