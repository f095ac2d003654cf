import type { ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import type { GatewayDecision } from '@shared/approvals/approval-audit';
import { parseApproverDirectory } from '@shared/approvals/approver-directory';
import type { ChangeAuthors } from '@shared/approvals/change-authors';
import { evaluateTwoPersonRule } from '../src/approvals/two-person-rule';

/** The pure rule, one row per situation: who approved each action, how, and the verdict. */
const ACCOUNT = '123456789012';
const GATEWAY_ROLE = 'runway-approval-gateway-prod-decide-us-east-1';
const directory = parseApproverDirectory({
  people: [
    { id: 'quinn', name: 'Quinn', email: 'quinn@example.com', roles: ['qc'], principals: ['iam-user:quinn'] },
    { id: 'pat', name: 'Pat', email: 'pat@example.com', roles: ['pmo'], principals: ['iam-user:pat'] },
    {
      id: 'jane',
      name: 'Jane',
      email: 'jane@example.com',
      roles: ['qc', 'pmo'],
      principals: ['iam-user:jane', 'identity-center:jane'],
      commitIdentities: ['jane@example.com'],
    },
  ],
});

type By = { console: string } | { gateway: string } | { other: string };

function run(action: string, role: string, by: By): ActionExecutionDetail {
  const updatedBy =
    'console' in by
      ? `arn:aws:iam::${ACCOUNT}:user/${by.console}`
      : 'gateway' in by
        ? `arn:aws:sts::${ACCOUNT}:assumed-role/${GATEWAY_ROLE}/decide`
        : by.other;
  return {
    actionName: action,
    stageName: 'Approval',
    status: 'Succeeded',
    startTime: new Date('2026-11-24T10:00:00Z'),
    updatedBy,
    input: {
      actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
      configuration: { CustomData: `[role:${role}] ok` },
    },
  };
}

function decision(action: string, approver: string): GatewayDecision {
  return {
    executionId: 'e',
    pipelineName: 'p',
    stageName: 'Approval',
    actionName: action,
    approver,
    decision: 'approve',
    decidedAt: '2026-11-24T11:00:00.000Z',
  };
}

function verdict(
  qc: By,
  pmo: By,
  authors: ChangeAuthors = { known: true, commitId: 'abc', identities: ['dev@example.com'] },
) {
  const decisions = [
    ...('gateway' in qc ? [decision('QCApproval', qc.gateway)] : []),
    ...('gateway' in pmo ? [decision('PMOApproval', pmo.gateway)] : []),
  ];
  const result = evaluateTwoPersonRule({
    pipelineName: 'p',
    account: ACCOUNT,
    approvals: ['QCApproval', 'PMOApproval'],
    actionExecutions: [run('QCApproval', 'qc', qc), run('PMOApproval', 'pmo', pmo)],
    gatewayDecisions: decisions,
    gatewayRoleName: GATEWAY_ROLE,
    directory,
    authors,
  });
  return result.met ? 'met' : result.message;
}

describe('evaluateTwoPersonRule', () => {
  it.each<[string, By, By, string]>([
    ['qc in the console, pmo by email', { console: 'quinn' }, { gateway: 'pat@example.com' }, 'met'],
    ['both by email', { gateway: 'quinn@example.com' }, { gateway: 'PAT@example.com' }, 'met'],
    ['one person both ways', { console: 'jane' }, { gateway: 'jane@example.com' }, 'were both approved by Jane (jane)'],
    [
      'one person twice by email',
      { gateway: 'jane@example.com' },
      { gateway: 'jane@example.com' },
      'were both approved by Jane (jane)',
    ],
    [
      'the wrong role',
      { console: 'pat' },
      { gateway: 'quinn@example.com' },
      'QCApproval asks for role qc, which Pat (pat) does not have',
    ],
    ['an unknown principal', { console: 'mallory' }, { gateway: 'pat@example.com' }, 'iam-user:mallory'],
    [
      'an unknown email',
      { console: 'quinn' },
      { gateway: 'mallory@example.com' },
      'mallory@example.com, who is not in the approver directory',
    ],
    [
      'another stage’s gateway',
      { console: 'quinn' },
      { other: `arn:aws:sts::${ACCOUNT}:assumed-role/runway-approval-gateway-dev-decide-us-east-1/decide` },
      'whose session name is not bound to a person',
    ],
  ])('%s → %s', (_story, qc, pmo, expected) => {
    const result = verdict(qc, pmo);
    if (expected === 'met') expect(result).toBe('met');
    else expect(result).toContain(expected);
  });

  it.each<[string, ChangeAuthors, string]>([
    [
      'written by an approver',
      { known: true, commitId: 'abc', identities: ['jane@example.com'] },
      'who wrote or pushed commit abc',
    ],
    [
      'pushed to CodeCommit by an approver, whatever the commit says',
      { known: true, commitId: 'abc', identities: [`arn:aws:iam::${ACCOUNT}:user/jane`, 'jane@home.example'] },
      'QCApproval was approved by Jane (jane), who wrote or pushed commit abc',
    ],
    [
      'pushed by an approver through an Identity Center session',
      {
        known: true,
        commitId: 'abc',
        identities: [`arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Dev_0123456789abcdef/jane`],
      },
      'who wrote or pushed commit abc',
    ],
    [
      'of unknown authorship',
      { known: false, reason: 'a GitHub source' },
      'who wrote the change cannot be told: a GitHub source',
    ],
  ])('fails for a change %s', (_story, authors, expected) => {
    expect(verdict({ console: 'jane' }, { gateway: 'pat@example.com' }, authors)).toContain(expected);
  });

  it.each<[string, string[]]>([
    ['pushed by an IAM user of another account', ['arn:aws:iam::210987654321:user/jane']],
    ['pushed by someone the directory does not know', [`arn:aws:iam::${ACCOUNT}:user/mallory`]],
  ])('counts nobody for a change %s', (_story, identities) => {
    expect(
      verdict({ console: 'jane' }, { gateway: 'pat@example.com' }, { known: true, commitId: 'abc', identities }),
    ).toBe('met');
  });
});
