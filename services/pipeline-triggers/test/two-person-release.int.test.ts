/**
 * The two-person rule end to end, as an attacker would try it: approvals given
 * through the real approval-gateway (the emailed links, from the local SES
 * inbox) and in the "console" (the CodePipeline fake records the console
 * user as updatedBy), the audit in dynalite, then the real twoPersonRule
 * handler reading all of it through the same fake and the directory
 * (directory/default.yml, served as the SSM parameter).
 */
import { randomUUID } from 'node:crypto';
import {
  announceApproval,
  closeDynamo,
  codePipeline,
  getPage,
  postDecision,
  putApprovalResultCalls,
  type SampleApproval,
} from '@test-support/approval-gateway';
import { localStackEnv } from '@test-support/local-stack';
import type { StoredEmail } from '../../../test-support/ses';
import { pushToCodeCommit, runTwoPersonRule } from '../../../test-support/two-person-rule-local';
import { loadIsolated } from './support/harness';

const QUINN = 'qc.lead@example.com';
const PAT = 'pmo.lead@example.com';
const JANE = 'jane.doe@example.com';
const iamUser = (name: string) => `arn:aws:iam::123456789012:user/${name}`;
const identityCenter = (user: string) =>
  `arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_RunwayApprover_0123456789abcdef/${user}`;

const env = localStackEnv;

const stack = () => ({
  stage: process.env.RUNWAY_STAGE ?? 'test',
  codePipelineUrl: env('RUNWAY_CODEPIPELINE_URL'),
  controlUrl: env('RUNWAY_CODEPIPELINE_CONTROL_URL'),
  dynamodbUrl: env('RUNWAY_DYNAMODB_URL'),
});

/**
 * One production release waiting at QC then PMO, as pipelines.js declares them: a commit the
 * commit itself says `author` wrote, pushed to CodeCommit by the IAM principal `pusher`
 * (the real onCodeCommitPush keeps it, as EventBridge would deliver the push).
 */
async function release(author = 'devon@example.com', pusher = iamUser('devon')) {
  const pipelineName = `runway-it-${randomUUID().slice(0, 8)}`;
  const executionId = randomUUID();
  const commitId = randomUUID().replaceAll('-', '').slice(0, 40).padEnd(40, 'a');
  await pushToCodeCommit(stack(), { commitId, pusherArn: pusher }, () =>
    loadIsolated(() => import('../src/handlers/on-code-commit-push')),
  );
  const common: Partial<SampleApproval> = {
    pipelineName,
    executionId,
    stageName: 'Approval',
    revision: { commitId, message: 'Release 2.5.0', author },
  };
  return {
    pipelineName,
    executionId,
    qc: { ...common, actionName: 'QCApproval', customData: '[role:qc] QC: the release runs on the QAT fleet.' },
    pmo: { ...common, actionName: 'PMOApproval', customData: '[role:pmo] PMO: the release runs on the QAT fleet.' },
  };
}

/** Runs the real twoPersonRule handler for a job of `release`, pointed at the local stack. */
function runRule(pipelineName: string, executionId: string) {
  return runTwoPersonRule({ ...stack(), pipelineName, executionId }, () =>
    loadIsolated(() => import('../src/handlers/two-person-rule')),
  );
}

/** QC approved in the console by `updatedBy`, PMO through Pat's emailed link: the rule's verdict. */
async function qcInConsoleThenPat(given: Awaited<ReturnType<typeof release>>, updatedBy: string) {
  const qcAsked = await announceApproval(given.qc);
  await codePipeline().decideInConsole({ token: qcAsked.approval.token, status: 'Approved', updatedBy });
  const pmoAsked = await announceApproval(given.pmo);
  await postDecision(pmoAsked.linkFor(PAT), { decision: 'approve' });
  return runRule(given.pipelineName, given.executionId);
}

const recipients = (emails: StoredEmail[]) => emails.flatMap((email) => email.destination.to).sort();

afterAll(() => closeDynamo());

describe('a production release through QC and PMO', () => {
  it('passes when a qc person approves in the console and a pmo person by email', async () => {
    const { pipelineName, executionId, qc, pmo } = await release();
    const qcAsked = await announceApproval(qc);
    await codePipeline().decideInConsole({
      token: qcAsked.approval.token,
      status: 'Approved',
      updatedBy: identityCenter(QUINN),
    });
    const pmoAsked = await announceApproval(pmo);

    const page = await postDecision(pmoAsked.linkFor(PAT), { decision: 'approve', comment: 'Go' });
    const verdict = await runRule(pipelineName, executionId);

    expect(page.status).toBe(200);
    expect(verdict).toEqual({
      result: 'success',
      message:
        'Two-person rule met: QCApproval (qc) by Quinn Checker (quinn) via console, ' +
        'PMOApproval (pmo) by Pat Manager (pat) via approval gateway',
    });
  });

  it('passes when both approve by email, each from the link of their own role', async () => {
    const { pipelineName, executionId, qc, pmo } = await release();
    const qcAsked = await announceApproval(qc);
    await postDecision(qcAsked.linkFor(QUINN), { decision: 'approve' });
    const pmoAsked = await announceApproval(pmo);
    await postDecision(pmoAsked.linkFor(PAT), { decision: 'approve' });

    expect((await runRule(pipelineName, executionId)).result).toBe('success');
  });

  it('mails each approval to its own role only: QC to the qc people, PMO to the pmo people', async () => {
    const { qc, pmo } = await release();

    const qcAsked = await announceApproval(qc);
    const pmoAsked = await announceApproval(pmo);

    expect(recipients(qcAsked.emails)).toEqual([JANE, QUINN].sort());
    expect(recipients(pmoAsked.emails)).toEqual([JANE, PAT].sort());
    expect(qcAsked.emails[0]?.subject).toContain('(qc)');
  });

  it('fails, naming her, when one person approves QC in the console and PMO by email', async () => {
    const { pipelineName, executionId, qc, pmo } = await release();
    const qcAsked = await announceApproval(qc);
    await codePipeline().decideInConsole({
      token: qcAsked.approval.token,
      status: 'Approved',
      updatedBy: iamUser('jane'),
    });
    const pmoAsked = await announceApproval(pmo);
    await postDecision(pmoAsked.linkFor(JANE), { decision: 'approve' });

    const verdict = await runRule(pipelineName, executionId);

    expect(verdict.result).toBe('failure');
    expect(verdict.message).toMatch(
      /^Two-person rule not met: QCApproval and PMOApproval were both approved by Jane Doe \(jane\)\./,
    );
  });

  it('fails, naming the principal, when someone outside the directory approves in the console', async () => {
    const verdict = await qcInConsoleThenPat(await release(), iamUser('mallory'));

    expect(verdict.result).toBe('failure');
    expect(verdict.message).toContain('QCApproval was approved by iam-user:mallory');
    expect(verdict.message).toContain('is not in the approver directory');
  });

  it('does not record a console approval as the emailed approver’s, however its summary reads', async () => {
    const { pipelineName, executionId, qc, pmo } = await release();
    const qcAsked = await announceApproval(qc);
    // Devon (no qc role) approves in the console with the summary the gateway would have written for Quinn.
    await codePipeline().decideInConsole({
      token: qcAsked.approval.token,
      status: 'Approved',
      summary: `Approved by ${QUINN} via Runway`,
      updatedBy: iamUser('devon'),
    });

    const quinnClicks = await postDecision(qcAsked.linkFor(QUINN), { decision: 'approve' });
    const pmoAsked = await announceApproval(pmo);
    await postDecision(pmoAsked.linkFor(PAT), { decision: 'approve' });
    const verdict = await runRule(pipelineName, executionId);

    expect(quinnClicks.status).toBe(409);
    expect(quinnClicks.text).toContain('already completed');
    expect(verdict.result).toBe('failure');
    expect(verdict.message).toMatch(
      /^Two-person rule not met: QCApproval asks for role qc, which Devon Coder \(devon\) does not have\./,
    );
  });

  it('fails when an approver wrote the released commit and approved it in the console', async () => {
    const verdict = await qcInConsoleThenPat(await release(QUINN), identityCenter(QUINN));

    expect(verdict.message).toContain('QCApproval was approved by Quinn Checker (quinn), who wrote or pushed commit');
  });

  it('refuses, on the gateway, the decision of an approver who wrote the change, and leaves it open for another', async () => {
    const { qc } = await release(QUINN);
    const qcAsked = await announceApproval(qc);

    const quinnClicks = await postDecision(qcAsked.linkFor(QUINN), { decision: 'approve' });
    const janeClicks = await postDecision(qcAsked.linkFor(JANE), { decision: 'approve' });

    expect(quinnClicks.status).toBe(403);
    expect(quinnClicks.text).toContain('wrote or pushed the change');
    expect(janeClicks.status).toBe(200);
  });

  describe('a commit Jane pushed to CodeCommit as an address nobody has', () => {
    // Jane (IAM user jane) pushes a commit authored as jane@home.example, in no directory entry.
    const janesRelease = () => release('jane@home.example', iamUser('jane'));

    it('fails the rule when she approves QC in the console', async () => {
      const verdict = await qcInConsoleThenPat(await janesRelease(), iamUser('jane'));

      expect(verdict.result).toBe('failure');
      expect(verdict.message).toContain('QCApproval was approved by Jane Doe (jane), who wrote or pushed commit');
    });

    it('names her as the change’s author in the email and on the page, and refuses her link', async () => {
      const { qc } = await janesRelease();
      const qcAsked = await announceApproval(qc);
      const toQuinn = qcAsked.emails.find((email) => email.destination.to.includes(QUINN));
      const page = await getPage(qcAsked.linkFor(QUINN));

      const janeClicks = await postDecision(qcAsked.linkFor(JANE), { decision: 'approve' });

      const authors = 'Jane Doe (jane), jane@home.example (not in the approver directory)';
      expect(toQuinn?.body.text).toContain(`Change by: ${authors}`);
      expect(page.text).toContain(authors);
      expect(janeClicks.status).toBe(403);
    });
  });

  it('shows the PMO the QC decision already taken, who, when and the comment, and links to the commit', async () => {
    const { qc, pmo } = await release();
    const qcAsked = await announceApproval(qc);
    await postDecision(qcAsked.linkFor(QUINN), { decision: 'approve', comment: 'QAT regression suite green' });
    const pmoAsked = await announceApproval(pmo);

    const page = await getPage(pmoAsked.linkFor(PAT));

    expect(page.text).toContain('Decided already in this run');
    expect(page.text).toMatch(
      /QCApproval \(Approval\): approved by qc\.lead@example\.com on [^<]+ — “QAT regression suite green”/,
    );
    expect(page.text).toContain(
      `https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/runway-app/commit/${qc.revision?.commitId}?region=us-east-1`,
    );
  });

  it('fails closed when no push of the released commit was recorded', async () => {
    const { pipelineName, executionId, qc, pmo } = await release();
    const unrecorded = {
      revision: { commitId: 'f'.repeat(40), message: 'Release 2.5.1', author: 'devon@example.com' },
    };
    const qcAsked = await announceApproval({ ...qc, ...unrecorded });
    await postDecision(qcAsked.linkFor(QUINN), { decision: 'approve' });
    const pmoAsked = await announceApproval({ ...pmo, ...unrecorded });
    await postDecision(pmoAsked.linkFor(PAT), { decision: 'approve' });

    const verdict = await runRule(pipelineName, executionId);

    expect(verdict.message).toContain('no CodeCommit push of commit ffffffffffff to the source branch was recorded');
  });

  it('refuses a decision for a superseded execution with a page that says so, sending CodePipeline nothing', async () => {
    const { executionId, qc } = await release();
    const qcAsked = await announceApproval(qc);
    await codePipeline().setExecutionStatus(executionId, 'Superseded');

    const link = qcAsked.linkFor(QUINN);
    const page = await postDecision(link, { decision: 'approve' });

    expect(page.status).toBe(409);
    expect(page.text).toContain('superseded');
    expect(await putApprovalResultCalls(qcAsked.approval.token)).toEqual([]);
    expect((await getPage(link)).status).toBe(200);
  });
});
