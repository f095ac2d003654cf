import {
  type ActionExecution,
  type CodePipelineClient,
  GetPipelineExecutionCommand,
  type GetPipelineExecutionOutput,
  GetPipelineStateCommand,
  type GetPipelineStateOutput,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import type { ApprovalDetails, Decision, ReleaseFacts } from './approval';

/** One pipeline execution as GetPipelineExecution shows it. */
export interface ExecutionFacts extends ReleaseFacts {
  /** InProgress, Stopped, Stopping, Succeeded, Superseded, Failed... */
  status?: string;
}

/** An execution in one of these states will never use this approval's decision. */
export const ENDED_EXECUTION_STATES = new Set([
  'Stopped',
  'Stopping',
  'Superseded',
  'Failed',
  'Cancelled',
  'Succeeded',
]);

/** The first source revision (commit id, and its message when the provider gives one) and the AMI_ID variable. */
export function executionFacts(output: GetPipelineExecutionOutput): ExecutionFacts {
  const execution = output.pipelineExecution;
  const revision = execution?.artifactRevisions?.find((entry) => entry.revisionId);
  const amiId = execution?.variables?.find((variable) => variable.name === 'AMI_ID')?.resolvedValue;
  return {
    status: execution?.status,
    ...(revision?.revisionId
      ? { revision: { commitId: revision.revisionId, message: commitMessage(revision.revisionSummary) } }
      : {}),
    ...(amiId && amiId !== 'unset' ? { amiId } : {}),
  };
}

/** A GitHub (CodeStar connection) revision summary is JSON with `CommitMessage`; CodeCommit's is the message. */
function commitMessage(summary: string | undefined): string | undefined {
  if (!summary) return undefined;
  try {
    const parsed = JSON.parse(summary) as { CommitMessage?: unknown };
    if (typeof parsed.CommitMessage === 'string') return parsed.CommitMessage;
  } catch {
    // Not JSON: the message itself.
  }
  return summary;
}

/** Where an approval token stands in the pipeline, as GetPipelineState shows it. */
export interface ApprovalActionState {
  /** The pipeline execution that waits (or waited) at this approval. */
  executionId?: string;
  /** The approval action's latest execution, when its token is still the one asked about. */
  execution?: ActionExecution;
}

/** What the approval logic needs from CodePipeline. */
export interface PipelineGateway {
  /** Reads the pipeline and finds the approval action holding `approval.approvalToken`. */
  approvalState(approval: ApprovalDetails): Promise<ApprovalActionState>;
  /** GetPipelineExecution: its status, source revision and AMI. */
  execution(pipelineName: string, executionId: string): Promise<ExecutionFacts>;
  /** PutApprovalResult; answers when CodePipeline recorded it. Throws CodePipeline's errors as they come. */
  putApprovalResult(approval: ApprovalDetails, decision: Decision, summary: string): Promise<{ approvedAt?: string }>;
}

/**
 * Finds, in a GetPipelineState answer, the action whose latest execution holds
 * the approval token: preferably the named stage and action, else anywhere.
 */
export function findApprovalAction(state: GetPipelineStateOutput, approval: ApprovalDetails): ApprovalActionState {
  const matches = (state.stageStates ?? []).flatMap((stage) =>
    (stage.actionStates ?? [])
      .filter((action) => action.latestExecution?.token === approval.approvalToken)
      .map((action) => ({ stage, action })),
  );
  const best =
    matches.find(
      ({ stage, action }) => stage.stageName === approval.stageName && action.actionName === approval.actionName,
    ) ?? matches[0];
  if (best === undefined) return {};
  return { executionId: best.stage.latestExecution?.pipelineExecutionId, execution: best.action.latestExecution };
}

export function sdkPipelineGateway(client: CodePipelineClient): PipelineGateway {
  return {
    async approvalState(approval) {
      const state = await client.send(new GetPipelineStateCommand({ name: approval.pipelineName }));
      return findApprovalAction(state, approval);
    },
    async execution(pipelineName, pipelineExecutionId) {
      return executionFacts(await client.send(new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId })));
    },
    async putApprovalResult(approval, decision, summary) {
      const output = await client.send(
        new PutApprovalResultCommand({
          pipelineName: approval.pipelineName,
          stageName: approval.stageName,
          actionName: approval.actionName,
          token: approval.approvalToken,
          result: { status: decision === 'approve' ? 'Approved' : 'Rejected', summary },
        }),
      );
      return { approvedAt: output.approvedAt?.toISOString() };
    },
  };
}
