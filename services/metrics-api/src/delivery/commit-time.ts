import {
  type CodePipelineClient,
  GetPipelineExecutionCommand,
  type GetPipelineExecutionOutput,
} from '@aws-sdk/client-codepipeline';

/**
 * When the change an execution releases was committed, or why that is not known. `retry` says a later
 * event of the same execution should ask again (the revision is not dated yet, CodePipeline was busy);
 * otherwise the answer is kept and the lead time of an unknown one starts at the execution's start.
 */
export type CommitTime = { committedAt: number; revisionId?: string } | { unknown: string; retry: boolean };

/**
 * The time of the source revision the execution releases: the one whose id is the Source action's commit
 * when it is among them, else the newest dated revision (with several sources, the change that started
 * the execution is the newest one).
 */
export function commitTimeOf(
  output: GetPipelineExecutionOutput,
  commitId?: string,
): { committedAt: number; revisionId?: string } | undefined {
  const dated = (output.pipelineExecution?.artifactRevisions ?? []).flatMap((revision) => {
    const at = revision.created?.getTime();
    return at === undefined || Number.isNaN(at) ? [] : [{ at, revisionId: revision.revisionId }];
  });
  const chosen =
    dated.find((revision) => commitId !== undefined && revision.revisionId === commitId) ??
    dated.reduce<(typeof dated)[number] | undefined>(
      (newest, revision) => (newest === undefined || revision.at > newest.at ? revision : newest),
      undefined,
    );
  if (chosen === undefined) return undefined;
  return { committedAt: chosen.at, ...(chosen.revisionId ? { revisionId: chosen.revisionId } : {}) };
}

/** Errors that asking again will not change: the execution is gone, or not one this role may read. */
const FINAL_ERRORS = new Set([
  'PipelineNotFoundException',
  'PipelineExecutionNotFoundException',
  'ValidationException',
  'AccessDeniedException',
]);

/** How the recorder learns an execution's commit time. */
export type CommitTimeLookup = (
  pipeline: string,
  executionId: string,
  options: { commitId?: string; executionEnded: boolean },
) => Promise<CommitTime>;

/** Asks CodePipeline (GetPipelineExecution) for an execution's commit time: one call per execution. */
export function pipelineCommitTime(client: CodePipelineClient): CommitTimeLookup {
  return async (pipeline, executionId, options) => {
    let output: GetPipelineExecutionOutput;
    try {
      output = await client.send(
        new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: executionId }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      return { unknown: name, retry: !FINAL_ERRORS.has(name) };
    }
    // An execution still running may not show its source's revision yet; one that ended never will.
    return (
      commitTimeOf(output, options.commitId) ?? { unknown: 'no dated source revision', retry: !options.executionEnded }
    );
  };
}
