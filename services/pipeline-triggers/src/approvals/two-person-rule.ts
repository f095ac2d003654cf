import type { ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import type { GatewayDecision } from '@shared/approvals/approval-audit';
import { assumedRoleName, type Person, person, personFromArn } from './approver-identity';

export interface TwoPersonRuleInput {
  pipelineName: string;
  /** Approval action names that must each be approved, by different people. */
  approvals: string[];
  /** Every action execution of this pipeline execution. */
  actionExecutions: ActionExecutionDetail[];
  /** Accepted approval-gateway decisions of this pipeline execution. */
  gatewayDecisions: GatewayDecision[];
  /** Role-name prefix of approval-gateway; its `updatedBy` stands for the gateway, not a person. */
  gatewayRolePrefix: string;
}

export interface ResolvedApproval {
  action: string;
  approver: Person;
  via: 'approval gateway' | 'updatedBy';
}

export type TwoPersonVerdict = { met: true; summary: string } | { met: false; message: string };

type Resolution = { ok: true; approval: ResolvedApproval } | { ok: false; problem: string };

const time = (date: Date | undefined) => date?.getTime() ?? 0;

/** The latest run of an action; a retried stage runs it again within the same execution. */
function latestRun(name: string, executions: ActionExecutionDetail[]): ActionExecutionDetail | string {
  const runs = executions.filter((run) => run.actionName === name);
  if (runs.length === 0) return `${name} has not run in this execution`;
  const stages = [...new Set(runs.map((run) => run.stageName))];
  if (stages.length > 1) return `${name} is ambiguous: an action of that name runs in stages ${stages.join(', ')}`;
  return runs.reduce((latest, run) => (time(run.startTime) > time(latest.startTime) ? run : latest));
}

/** The gateway decision that approved this run: same action, made after the run started; the latest wins. */
function gatewayApprover(run: ActionExecutionDetail, input: TwoPersonRuleInput): string | undefined {
  const started = time(run.startTime);
  const decisions = input.gatewayDecisions.filter(
    (decision) =>
      decision.decision === 'approve' &&
      decision.pipelineName === input.pipelineName &&
      decision.stageName === run.stageName &&
      decision.actionName === run.actionName &&
      Date.parse(decision.decidedAt) >= started,
  );
  return decisions.at(-1)?.approver;
}

function resolveApproval(name: string, input: TwoPersonRuleInput): Resolution {
  const run = latestRun(name, input.actionExecutions);
  if (typeof run === 'string') return { ok: false, problem: run };
  if (run.input?.actionTypeId?.category !== 'Approval') {
    return { ok: false, problem: `${name} is not a manual approval action` };
  }
  if (run.status !== 'Succeeded')
    return { ok: false, problem: `${name} is ${run.status ?? 'undecided'}, not approved` };
  const viaGateway = gatewayApprover(run, input);
  if (viaGateway)
    return { ok: true, approval: { action: name, approver: person(viaGateway), via: 'approval gateway' } };
  if (!run.updatedBy) return { ok: false, problem: `${name} has no recorded approver` };
  if (assumedRoleName(run.updatedBy)?.startsWith(input.gatewayRolePrefix)) {
    return {
      ok: false,
      problem: `${name} was approved through the approval gateway but no audit record names the approver`,
    };
  }
  return { ok: true, approval: { action: name, approver: personFromArn(run.updatedBy), via: 'updatedBy' } };
}

function describe(approvals: ResolvedApproval[]): string {
  return approvals.map((approval) => `${approval.action} by ${approval.approver.display} (${approval.via})`).join(', ');
}

/** Approvals that share an approver, as "A and B were both approved by X". */
function sharedApprovers(approvals: ResolvedApproval[]): string[] {
  const byPerson = new Map<string, ResolvedApproval[]>();
  for (const approval of approvals) {
    byPerson.set(approval.approver.key, [...(byPerson.get(approval.approver.key) ?? []), approval]);
  }
  return [...byPerson.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const names = group.map((approval) => approval.action);
      const both = group.length === 2 ? 'both' : 'all';
      return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} were ${both} approved by ${group[0]?.approver.display}`;
    });
}

/**
 * The two-person rule: every named approval succeeded, each approver is
 * known, and no person approved twice. The message names the approvals and
 * approvers either way.
 */
export function evaluateTwoPersonRule(input: TwoPersonRuleInput): TwoPersonVerdict {
  const resolutions = input.approvals.map((name) => resolveApproval(name, input));
  const resolved = resolutions.flatMap((resolution) => (resolution.ok ? [resolution.approval] : []));
  const problems = [
    ...resolutions.flatMap((resolution) => (resolution.ok ? [] : [resolution.problem])),
    ...sharedApprovers(resolved),
  ];
  if (problems.length === 0) return { met: true, summary: `Two-person rule met: ${describe(resolved)}` };
  const found = resolved.length > 0 ? ` Approvals found: ${describe(resolved)}.` : '';
  return { met: false, message: `Two-person rule not met: ${problems.join('; ')}.${found}` };
}
