import { randomUUID } from 'node:crypto';
import type { AccountState } from '../account-state';
import type { StackResource } from './stack';

/**
 * Why AWS would refuse to delete a resource, worded as CloudFormation reports it in the resource's
 * DELETE_FAILED event (the service's own message, wrapped by the resource handler).
 */

interface Refusal {
  service: string;
  handlerErrorCode: string;
  message: string;
  status: number;
}

const isTrue = (value: unknown) => value === true || value === 'true';

const protectedBy: Record<string, (resource: StackResource, state: AccountState) => Refusal | undefined> = {
  'AWS::DynamoDB::Table': ({ properties }) =>
    isTrue(properties.DeletionProtectionEnabled)
      ? {
          service: 'DynamoDb',
          handlerErrorCode: 'InvalidRequest',
          status: 400,
          message:
            'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
        }
      : undefined,
  'AWS::RDS::DBInstance': ({ properties }) =>
    isTrue(properties.DeletionProtection)
      ? {
          service: 'Rds',
          handlerErrorCode: 'InvalidRequest',
          status: 400,
          message: 'Cannot delete protected DB Instance, please disable deletion protection and try again.',
        }
      : undefined,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ({ properties, physicalId }) => {
    const attributes = Array.isArray(properties.LoadBalancerAttributes) ? properties.LoadBalancerAttributes : [];
    const on = attributes.some(
      (attribute) => attribute?.Key === 'deletion_protection.enabled' && isTrue(attribute?.Value),
    );
    return on
      ? {
          service: 'ElasticLoadBalancingV2',
          handlerErrorCode: 'InvalidRequest',
          status: 400,
          message: `Load balancer '${physicalId}' cannot be deleted because deletion protection is enabled`,
        }
      : undefined;
  },
  'AWS::Cognito::UserPool': ({ properties }) =>
    properties.DeletionProtection === 'ACTIVE'
      ? {
          service: 'CognitoIdentityProvider',
          handlerErrorCode: 'InvalidRequest',
          status: 400,
          message: 'The user pool cannot be deleted because deletion protection is activated.',
        }
      : undefined,
  'AWS::S3::Bucket': ({ physicalId }, state) =>
    (state.buckets.get(physicalId)?.objects.size ?? 0) > 0
      ? {
          service: 'S3',
          handlerErrorCode: 'GeneralServiceException',
          status: 409,
          message: 'The bucket you tried to delete is not empty',
        }
      : undefined,
};

/** The DELETE_FAILED reason CloudFormation would give for this resource, or undefined when it can go. */
export function deletionRefusal(resource: StackResource, state: AccountState): string | undefined {
  const refusal = protectedBy[resource.type]?.(resource, state);
  if (!refusal) return undefined;
  const { service, status, message, handlerErrorCode } = refusal;
  return `Resource handler returned message: "${message} (Service: ${service}, Status Code: ${status}, Request ID: ${randomUUID()}) (SDK Attempt Count: 1)" (RequestToken: ${randomUUID()}, HandlerErrorCode: ${handlerErrorCode})`;
}
