import {
  type ActionExecution,
  type CodePipelineClient,
  GetPipelineStateCommand,
  type GetPipelineStateOutput,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import type { ApprovalDetails, Decision } from './approval';

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
