import type { EventBridgeEvent } from 'aws-lambda';
import type { SourcePush } from './source-push';

/** `detail` of an EventBridge "CodeCommit Repository State Change" event. */
export interface CodeCommitStateChange {
  event: string;
  repositoryName: string;
  referenceType: string;
  referenceName: string;
  referenceFullName?: string;
  commitId?: string;
  oldCommitId?: string;
  /** The IAM principal that pushed, as CodeCommit authenticated it (not what the commit says). */
  callerUserArn?: string;
}

export type CodeCommitEvent = EventBridgeEvent<'CodeCommit Repository State Change', CodeCommitStateChange>;

const REF_TYPES: Record<string, SourcePush['refType']> = { branch: 'branch', tag: 'tag' };

const REFERENCE_EVENTS = new Set(['referenceCreated', 'referenceUpdated', 'referenceDeleted']);

/**
 * Reads a CodeCommit reference change as a push (`referenceDeleted` is a
 * deletion); undefined for any other state change.
 */
export function pushFromCodeCommit(event: CodeCommitEvent): SourcePush | undefined {
  const { detail } = event;
  if (!REFERENCE_EVENTS.has(detail.event)) return undefined;
  const deleted = detail.event === 'referenceDeleted';
  return {
    origin: 'codecommit',
    repository: detail.repositoryName,
    refType: REF_TYPES[detail.referenceType] ?? 'other',
    refName: detail.referenceName,
    commitId: deleted ? undefined : detail.commitId,
    deleted,
  };
}

/**
 * Who pushed, as CodeCommit authenticated it: the IAM user or role session ARN, kept as written
 * (the approver directory reads it as it reads a console approval's `updatedBy`). Empty when the
 * event names nobody.
 */
export function codeCommitPusher(event: CodeCommitEvent): string[] {
  const arn = event.detail.callerUserArn;
  return typeof arn === 'string' && arn.startsWith('arn:') ? [arn] : [];
}
