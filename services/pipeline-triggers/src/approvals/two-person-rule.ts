import type { ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import type { GatewayDecision } from '@shared/approvals/approval-audit';
import {
  type ApproverDirectory,
  approvalRoleOf,
  type Person,
  personByArn,
  personByEmail,
  readArn,
} from '@shared/approvals/approver-directory';
import { authorPeople, type ChangeAuthors } from '@shared/approvals/change-authors';

export interface TwoPersonRuleInput {
  pipelineName: string;
  /** The account of the pipeline: a principal of any other account is nobody. */
  account: string;
  /** Approval action names that must each be approved, by different people. */
  approvals: string[];
  /** Every action execution of this pipeline execution. */
  actionExecutions: ActionExecutionDetail[];
  /** Accepted approval-gateway decisions of this pipeline execution. */
  gatewayDecisions: GatewayDecision[];
  /** The role of this stage's approval-gateway decide function: its `updatedBy` stands for the gateway. */
  gatewayRoleName: string;
  directory: ApproverDirectory;
  /** Who wrote and pushed the change being released (shared/src/approvals/change-authors.ts). */
  authors: ChangeAuthors;
}

export interface ResolvedApproval {
  action: string;
  role: string;
  approver: Person;
  via: 'approval gateway' | 'console';
}

export type TwoPersonVerdict = { met: true; summary: string } | { met: false; message: string };

type Resolution = { ok: true; approval: ResolvedApproval } | { ok: false; problem: string };

const time = (date: Date | undefined) => date?.getTime() ?? 0;
const named = (person: Person) => `${person.name} (${person.id})`;

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

/** True when `updatedBy` is a session of exactly this stage's gateway role, in this account. */
function isGateway(updatedBy: string, input: TwoPersonRuleInput): boolean {
  const identity = readArn(updatedBy);
  return (
    identity.kind === 'assumed-role' && identity.account === input.account && identity.role === input.gatewayRoleName
  );
}

/**
 * The person who approved: through the gateway only when CodePipeline itself
 * recorded the gateway's role (an audit item alone proves nothing: the
 * decision may have been made in the console); else the console principal.
 */
function approverOf(name: string, run: ActionExecutionDetail, input: TwoPersonRuleInput) {
  const updatedBy = run.updatedBy;
  if (!updatedBy) return { ok: false as const, problem: `${name} has no recorded approver` };
  if (isGateway(updatedBy, input)) {
    const email = gatewayApprover(run, input);
    if (email === undefined) {
      return {
        ok: false as const,
        problem: `${name} was approved through the approval gateway but no audit record names the approver`,
      };
    }
    const person = personByEmail(input.directory, email);
    if (!person)
      return { ok: false as const, problem: `${name} was approved by ${email}, who is not in the approver directory` };
    return { ok: true as const, person, via: 'approval gateway' as const };
  }
  const found = personByArn(input.directory, updatedBy, input.account);
  if (!found.ok) return { ok: false as const, problem: `${name} was approved by ${found.problem}` };
  return { ok: true as const, person: found.person, via: 'console' as const };
}

function resolveApproval(name: string, input: TwoPersonRuleInput): Resolution {
  const run = latestRun(name, input.actionExecutions);
  if (typeof run === 'string') return { ok: false, problem: run };
  if (run.input?.actionTypeId?.category !== 'Approval') {
    return { ok: false, problem: `${name} is not a manual approval action` };
  }
  if (run.status !== 'Succeeded')
    return { ok: false, problem: `${name} is ${run.status ?? 'undecided'}, not approved` };
  const role = approvalRoleOf(run.input.configuration?.CustomData);
  if (role === undefined) {
    return { ok: false, problem: `${name} names no role: its CustomData must start with [role:<role>]` };
  }
  const approver = approverOf(name, run, input);
  if (!approver.ok) return approver;
  if (!approver.person.roles.includes(role)) {
    return { ok: false, problem: `${name} asks for role ${role}, which ${named(approver.person)} does not have` };
  }
  return { ok: true, approval: { action: name, role, approver: approver.person, via: approver.via } };
}

function describe(approvals: ResolvedApproval[]): string {
  return approvals
    .map((approval) => `${approval.action} (${approval.role}) by ${named(approval.approver)} via ${approval.via}`)
    .join(', ');
}

/** Approvals that share an approver, as "A and B were both approved by X". */
function sharedApprovers(approvals: ResolvedApproval[]): string[] {
  const byPerson = new Map<string, ResolvedApproval[]>();
  for (const approval of approvals) {
    byPerson.set(approval.approver.id, [...(byPerson.get(approval.approver.id) ?? []), approval]);
  }
  return [...byPerson.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const names = group.map((approval) => approval.action);
      const both = group.length === 2 ? 'both' : 'all';
      const person = group[0]?.approver;
      return `${names.slice(0, -1).join(', ')} and ${names.at(-1)} were ${both} approved by ${person ? named(person) : ''}`;
    });
}

/** Approvals by someone who wrote or pushed the change, or why that cannot be told. */
function selfApprovals(approvals: ResolvedApproval[], input: TwoPersonRuleInput): string[] {
  const { authors } = input;
  if (!authors.known) return [`who wrote the change cannot be told: ${authors.reason}`];
  const writers = new Set(
    authorPeople(input.directory, authors.identities, input.account).people.map((person) => person.id),
  );
  return approvals
    .filter((approval) => writers.has(approval.approver.id))
    .map(
      (approval) =>
        `${approval.action} was approved by ${named(approval.approver)}, who wrote or pushed commit ${authors.commitId.slice(0, 12)}`,
    );
}

/**
 * The two-person rule: every named approval succeeded, each was given by a
 * person of the directory who has the role the action asks for, no person
 * approved twice, and nobody approved a change they wrote or pushed. Anything the rule
 * cannot tell fails it. The message names the approvals and approvers either way.
 */
export function evaluateTwoPersonRule(input: TwoPersonRuleInput): TwoPersonVerdict {
  const resolutions = input.approvals.map((name) => resolveApproval(name, input));
  const resolved = resolutions.flatMap((resolution) => (resolution.ok ? [resolution.approval] : []));
  const problems = [
    ...resolutions.flatMap((resolution) => (resolution.ok ? [] : [resolution.problem])),
    ...sharedApprovers(resolved),
    ...selfApprovals(resolved, input),
  ];
  if (problems.length === 0) return { met: true, summary: `Two-person rule met: ${describe(resolved)}` };
  const found = resolved.length > 0 ? ` Approvals found: ${describe(resolved)}.` : '';
  return { met: false, message: `Two-person rule not met: ${problems.join('; ')}.${found}` };
}
