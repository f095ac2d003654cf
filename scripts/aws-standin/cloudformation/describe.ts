import type { AccountState } from '../account-state';
import type { ChangeSet, Stack, StackResource } from './stack';

/** The shapes CloudFormation answers with, built from the stand-in's stacks. */

export function describeStack(stack: Stack) {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    Description: stack.template.Description,
    Parameters: stack.parameters,
    CreationTime: stack.created,
    LastUpdatedTime: stack.lastUpdated,
    DeletionTime: stack.deleted,
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: false,
    NotificationARNs: [],
    Capabilities: stack.capabilities,
    Outputs: stack.outputs,
    Tags: stack.tags,
    EnableTerminationProtection: stack.terminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function describeResource(stack: Stack, resource: StackResource) {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    LastUpdatedTimestamp: resource.lastUpdated,
    Timestamp: resource.lastUpdated,
    ResourceStatus: resource.status,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

export function summarizeResource(resource: StackResource) {
  return {
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    LastUpdatedTimestamp: resource.lastUpdated,
    ResourceStatus: resource.status,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

export function describeChangeSet(stack: Stack, changeSet: ChangeSet) {
  return {
    ChangeSetName: changeSet.name,
    ChangeSetId: changeSet.id,
    StackId: stack.stackId,
    StackName: stack.stackName,
    Parameters: changeSet.parameters,
    CreationTime: changeSet.created,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason,
    NotificationARNs: [],
    Capabilities: changeSet.capabilities,
    Tags: changeSet.tags,
    Changes: changeSet.changes,
    IncludeNestedStacks: false,
  };
}

export function listExports(state: AccountState) {
  return [...state.exports.values()].map((entry) => ({
    ExportingStackId: entry.stackId,
    Name: entry.name,
    Value: entry.value,
  }));
}
