import { randomUUID } from 'node:crypto';
import type { Stack, StackEvent } from './stack';

/** Appends an event to a stack's history (DescribeStackEvents answers newest first). */
export function addEvent(
  stack: Stack,
  resource: { logicalId: string; type: string; physicalId: string },
  status: string,
  reason?: string,
): StackEvent {
  const event: StackEvent = {
    EventId:
      resource.logicalId === stack.stackName
        ? randomUUID()
        : `${resource.logicalId}-${status}-${new Date().toISOString()}`,
    StackId: stack.stackId,
    StackName: stack.stackName,
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    Timestamp: new Date(),
    ResourceStatus: status,
    ResourceStatusReason: reason,
  };
  stack.events.push(event);
  return event;
}

/** An event of the stack itself, which also sets its status. */
export function setStackStatus(stack: Stack, status: string, reason?: string): void {
  stack.status = status;
  stack.statusReason = reason;
  addEvent(
    stack,
    { logicalId: stack.stackName, type: 'AWS::CloudFormation::Stack', physicalId: stack.stackId },
    status,
    reason,
  );
}
