import { type AccountState, createBucket, namedResourceKey } from '../account-state';
import type { Stack, StackResource } from './stack';

/**
 * What a resource's life does to the rest of the account: a stack's bucket is a bucket S3 answers for,
 * its SSM parameter is readable, its chosen name is taken until the resource is gone.
 */

export function nameTaken(state: AccountState, type: string, name: string): boolean {
  if (state.namedResources.has(namedResourceKey(type, name))) return true;
  return type === 'AWS::S3::Bucket' && state.buckets.has(name);
}

export function resourceCreated(state: AccountState, stack: Stack, resource: StackResource): void {
  if (resource.explicitName) {
    state.namedResources.set(namedResourceKey(resource.type, resource.explicitName), {
      type: resource.type,
      name: resource.explicitName,
      stackId: stack.stackId,
      logicalId: resource.logicalId,
    });
  }
  if (resource.type === 'AWS::S3::Bucket' && !state.buckets.has(resource.physicalId)) {
    createBucket(state, resource.physicalId, stack.region);
  }
  resourceUpdated(state, resource);
}

export function resourceUpdated(state: AccountState, resource: StackResource): void {
  if (resource.type !== 'AWS::SSM::Parameter') return;
  const existing = state.parameters.get(resource.physicalId);
  state.parameters.set(resource.physicalId, {
    name: resource.physicalId,
    value: String(resource.properties.Value ?? ''),
    type: String(resource.properties.Type ?? 'String'),
    version: (existing?.version ?? 0) + 1,
    lastModified: new Date(),
  });
}

export function resourceDeleted(state: AccountState, resource: StackResource): void {
  if (resource.explicitName) state.namedResources.delete(namedResourceKey(resource.type, resource.explicitName));
  if (resource.type === 'AWS::S3::Bucket') state.buckets.delete(resource.physicalId);
  if (resource.type === 'AWS::SSM::Parameter') state.parameters.delete(resource.physicalId);
}

/** A retained resource outlives its stack: it keeps its name (and its bucket, its parameter), owned by no stack. */
export function resourceRetained(state: AccountState, resource: StackResource): void {
  const name = resource.explicitName ?? resource.physicalId;
  state.namedResources.set(namedResourceKey(resource.type, name), {
    type: resource.type,
    name,
    logicalId: resource.logicalId,
  });
}
