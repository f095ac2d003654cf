import type { GatewayDecision } from '@shared/approvals/approval-audit';
import type { AwsRecorder, RecordedCall } from '../../../test-support/aws-recorder';
import {
  type ActionExecutionJson,
  assumedRole,
  auditItem,
  commitBy,
  EXECUTION_ID,
  gatewayRole,
  iamUser,
  identityCenterUser,
  JOB_ID,
  jobDetailsResponse,
  pipelineJob,
  pmoGatewayDecision,
  recordedPush,
  respondWithDirectoryAndCommit,
  sampleActionExecutions,
  withAction,
} from './support/fixtures';
import { loadIsolated, operations, startRecordedAws, TEST_ENV } from './support/harness';

type Handler = typeof import('../src/handlers/two-person-rule').handler;

const QC_BY_QUINN = 'QCApproval (qc) by Quinn Checker (quinn) via console';
const PMO_BY_PAT = 'PMOApproval (pmo) by Pat Manager (pat) via approval gateway';

describe('twoPersonRule', () => {
  let recorder: AwsRecorder;
  let handler: Handler;

  beforeAll(async () => {
    recorder = await startRecordedAws();
    ({ handler } = await loadIsolated(() => import('../src/handlers/two-person-rule')));
  });
  afterAll(() => recorder.close());

  /** The pipeline execution as CodePipeline, approval-gateway's audit and the directory describe it. */
  function given(options: { executions?: ActionExecutionJson[]; decisions?: GatewayDecision[]; author?: string } = {}) {
    recorder.reset();
    recorder.respond('GetJobDetails', { body: jobDetailsResponse() });
    recorder.respond('ListActionExecutions', {
      body: { actionExecutionDetails: options.executions ?? sampleActionExecutions() },
    });
    const items = (options.decisions ?? [pmoGatewayDecision()]).map(auditItem);
    recorder.respond('Query', { body: { Items: items, Count: items.length, ScannedCount: items.length } });
    respondWithDirectoryAndCommit(recorder, options.author);
  }

  const jobResults = () => recorder.calls.filter((call) => call.operation.startsWith('PutJob'));
  const failureMessage = () => (jobResults()[0]?.body.failureDetails as { message?: string } | undefined)?.message;
  const qcBy = (updatedBy: string) => withAction(sampleActionExecutions(), 'QCApproval', { updatedBy });

  describe('when two different, authorised people approved', () => {
    it('reads the execution, its actions, the audit, the directory and the commit, then reports success naming both', async () => {
      given();

      await handler(pipelineJob());

      expect(operations(recorder).sort()).toEqual(
        [
          'GetCommit',
          'GetItem',
          'GetJobDetails',
          'GetParameter',
          'ListActionExecutions',
          'PutJobSuccessResult',
          'Query',
        ].sort(),
      );
      expect(recorder.callsTo('GetJobDetails')[0]?.body).toEqual({ jobId: JOB_ID });
      expect(recorder.callsTo('ListActionExecutions')[0]?.body).toEqual({
        pipelineName: 'runway-prod',
        filter: { pipelineExecutionId: EXECUTION_ID },
      });
      expect(recorder.callsTo('GetParameter')[0]?.body).toMatchObject({ Name: TEST_ENV.APPROVER_DIRECTORY_PARAMETER });
      expect(recorder.callsTo('GetCommit')[0]?.body).toEqual({
        repositoryName: 'runway-app',
        commitId: '5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f',
      });
      expect(recorder.callsTo('Query')[0]?.body).toEqual({
        TableName: TEST_ENV.APPROVALS_TABLE,
        IndexName: 'byExecution',
        KeyConditionExpression: 'executionId = :executionId',
        FilterExpression: 'recordType = :recordType AND outcome = :outcome',
        ExpressionAttributeValues: {
          ':executionId': { S: EXECUTION_ID },
          ':recordType': { S: 'decision' },
          ':outcome': { S: 'accepted' },
        },
      });
      expect(jobResults().map((call) => [call.operation, call.body])).toEqual([
        [
          'PutJobSuccessResult',
          { jobId: JOB_ID, executionDetails: { summary: `Two-person rule met: ${QC_BY_QUINN}, ${PMO_BY_PAT}` } },
        ],
      ]);
    });

    it('accepts a console approval by an IAM user of the directory', async () => {
      given({ executions: qcBy(iamUser('approvers/quinn')) });

      await handler(pipelineJob());

      expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
    });

    it('reads the directory once per cold start, not once per job', async () => {
      given();

      await handler(pipelineJob());
      await handler(pipelineJob());

      expect(recorder.callsTo('PutJobSuccessResult')).toHaveLength(2);
      expect(recorder.callsTo('GetParameter')).toHaveLength(0);
    });

    it('reads every page of action executions', async () => {
      given();
      const [pmo, qc, ...rest] = sampleActionExecutions();
      recorder.respondOnce('ListActionExecutions', { body: { actionExecutionDetails: [pmo], nextToken: 'page-2' } });
      recorder.respondOnce('ListActionExecutions', { body: { actionExecutionDetails: [qc, ...rest] } });

      await handler(pipelineJob());

      expect(recorder.callsTo('ListActionExecutions').map((call) => call.body.nextToken)).toEqual([
        undefined,
        'page-2',
      ]);
      expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
    });
  });

  describe('when one person tries to pass as two', () => {
    it('fails, naming her, when Jane approves QC in the console as IAM user jane and PMO by email', async () => {
      given({ executions: qcBy(iamUser('jane')), decisions: [pmoGatewayDecision('Jane.Doe@example.com')] });

      await handler(pipelineJob());

      expect(jobResults().map((call) => [call.operation, call.body])).toEqual([
        [
          'PutJobFailureResult',
          {
            jobId: JOB_ID,
            failureDetails: {
              type: 'JobFailed',
              message:
                'Two-person rule not met: QCApproval and PMOApproval were both approved by Jane Doe (jane). ' +
                'Approvals found: QCApproval (qc) by Jane Doe (jane) via console, ' +
                'PMOApproval (pmo) by Jane Doe (jane) via approval gateway.',
            },
          },
        ],
      ]);
    });

    it('fails when the same person approved once as an IAM user and once through Identity Center', async () => {
      const executions = withAction(qcBy(iamUser('jane')), 'PMOApproval', {
        updatedBy: identityCenterUser('jane.doe@example.com'),
      });
      given({ executions, decisions: [] });

      await handler(pipelineJob());

      expect(failureMessage()).toContain('QCApproval and PMOApproval were both approved by Jane Doe (jane)');
    });

    it('does not take a session name the caller chose for a person', async () => {
      given({ executions: qcBy(assumedRole('runway-prod-qc-approver', 'qc.lead@example.com')) });

      await handler(pipelineJob());

      expect(failureMessage()).toMatch(
        /^Two-person rule not met: QCApproval was approved by arn:aws:sts::123456789012:assumed-role\/runway-prod-qc-approver\/qc\.lead@example\.com is a session of role runway-prod-qc-approver, whose session name is not bound to a person\./,
      );
    });
  });

  describe('when the audit is not what CodePipeline recorded', () => {
    it('credits a console approval to its console principal, not to an audit record that names someone else', async () => {
      // Devon approved QC in the console; an audit item (from a gateway decision CodePipeline refused) names Quinn.
      const qcAudit = {
        ...pmoGatewayDecision('qc.lead@example.com'),
        stageName: 'QATApproval',
        actionName: 'QCApproval',
      };
      qcAudit.decidedAt = new Date(1795461000 * 1000).toISOString();
      given({ executions: qcBy(iamUser('devon')), decisions: [qcAudit, pmoGatewayDecision()] });

      await handler(pipelineJob());

      expect(failureMessage()).toBe(
        'Two-person rule not met: QCApproval asks for role qc, which Devon Coder (devon) does not have. ' +
          `Approvals found: ${PMO_BY_PAT}.`,
      );
    });

    it.each([
      ['another stage', gatewayRole('runway-approval-gateway-dev-decide-us-east-1')],
      ['another account', 'arn:aws:sts::999999999999:assumed-role/runway-approval-gateway-prod-decide-us-east-1/x'],
    ])('fails closed when the approval came from the gateway role of %s', async (_story, updatedBy) => {
      given({ executions: withAction(sampleActionExecutions(), 'PMOApproval', { updatedBy }) });

      await handler(pipelineJob());

      expect(failureMessage()).toMatch(
        /^Two-person rule not met: PMOApproval was approved by arn:aws:sts::\d+:assumed-role\//,
      );
      expect(failureMessage()).not.toContain('Pat Manager');
    });

    it('fails when the gateway approved but no audit record names the person', async () => {
      given({ decisions: [] });

      await handler(pipelineJob());

      expect(failureMessage()).toBe(
        'Two-person rule not met: PMOApproval was approved through the approval gateway but no audit record names the approver. ' +
          `Approvals found: ${QC_BY_QUINN}.`,
      );
    });

    it('does not credit a gateway decision made before this run of the approval started', async () => {
      const earlier = { ...pmoGatewayDecision(), decidedAt: new Date(1795465000 * 1000).toISOString() };
      given({ decisions: [earlier] });

      await handler(pipelineJob());

      expect(failureMessage()).toContain('PMOApproval was approved through the approval gateway but no audit record');
    });
  });

  describe('when an approver is not authorised for the approval', () => {
    it('fails, naming the principal, when it is not in the directory', async () => {
      given({ executions: qcBy(iamUser('mallory')) });

      await handler(pipelineJob());

      expect(failureMessage()).toBe(
        'Two-person rule not met: QCApproval was approved by iam-user:mallory (arn:aws:iam::123456789012:user/mallory) ' +
          `is not in the approver directory. Approvals found: ${PMO_BY_PAT}.`,
      );
    });

    it('fails when the principal is of another account', async () => {
      given({ executions: qcBy(iamUser('quinn', '999999999999')) });

      await handler(pipelineJob());

      expect(failureMessage()).toContain(
        'QCApproval was approved by arn:aws:iam::999999999999:user/quinn is not of account 123456789012',
      );
    });

    it('fails when the gateway approver has not the role the action asks for', async () => {
      given({ decisions: [pmoGatewayDecision('qc.lead@example.com')], executions: qcBy(iamUser('jane')) });

      await handler(pipelineJob());

      expect(failureMessage()).toBe(
        'Two-person rule not met: PMOApproval asks for role pmo, which Quinn Checker (quinn) does not have. ' +
          'Approvals found: QCApproval (qc) by Jane Doe (jane) via console.',
      );
    });

    it('fails when the gateway approver is not in the directory', async () => {
      given({ decisions: [pmoGatewayDecision('someone@example.com')] });

      await handler(pipelineJob());

      expect(failureMessage()).toContain(
        'PMOApproval was approved by someone@example.com, who is not in the approver directory',
      );
    });

    it('fails when an approval action names no role', async () => {
      const executions = sampleActionExecutions().map((run) =>
        run.actionName === 'QCApproval'
          ? { ...run, input: { ...run.input, configuration: { CustomData: 'QC sign-off after QAT tests' } } }
          : run,
      );
      given({ executions });

      await handler(pipelineJob());

      expect(failureMessage()).toMatch(
        /^Two-person rule not met: QCApproval names no role: its CustomData must start with \[role:<role>\]\./,
      );
    });
  });

  describe('when an approver wrote the change', () => {
    it('fails when the commit author approved it', async () => {
      given({ author: 'qc.lead@example.com' });

      await handler(pipelineJob());

      expect(failureMessage()).toBe(
        'Two-person rule not met: QCApproval was approved by Quinn Checker (quinn), who wrote or pushed commit 5e1f0c2a9b8d. ' +
          `Approvals found: ${QC_BY_QUINN}, ${PMO_BY_PAT}.`,
      );
    });

    it('fails when the committer (who pushed it) approved it', async () => {
      given();
      recorder.respond('GetCommit', { body: commitBy('devon@example.com', 'pmo.lead@example.com') });

      await handler(pipelineJob());

      expect(failureMessage()).toContain(
        'PMOApproval was approved by Pat Manager (pat), who wrote or pushed commit 5e1f0c2a9b8d',
      );
    });

    describe("from a CodeCommit source, whose commit says only what the author's git says", () => {
      it('fails when an approver pushed it, though the commit names an address nobody has', async () => {
        given({ author: 'jane@home.example' });
        recorder.respond('GetItem', { body: recordedPush([iamUser('pat')]) });

        await handler(pipelineJob());

        expect(recorder.callsTo('GetItem')[0]?.body).toMatchObject({
          TableName: TEST_ENV.SOURCE_AUTHORS_TABLE,
          Key: {
            repository: { S: 'codecommit:runway-app' },
            commitId: { S: '5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f' },
          },
        });
        expect(failureMessage()).toContain(
          'PMOApproval was approved by Pat Manager (pat), who wrote or pushed commit 5e1f0c2a9b8d',
        );
      });

      it('fails closed when no push of the commit was recorded', async () => {
        given();
        recorder.respond('GetItem', { body: {} });

        await handler(pipelineJob());

        expect(failureMessage()).toContain(
          'who wrote the change cannot be told: no CodeCommit push of commit 5e1f0c2a9b8d to the source branch was recorded',
        );
      });
    });

    describe('from a GitHub source, which records no author in CodePipeline', () => {
      const fromGithub = () =>
        sampleActionExecutions().map((run) =>
          run.actionName === 'Source' && run.input?.actionTypeId
            ? {
                ...run,
                input: {
                  ...run.input,
                  actionTypeId: { ...run.input.actionTypeId, provider: 'CodeStarSourceConnection' },
                  configuration: { FullRepositoryId: 'Example-Org/runway-app', BranchName: 'main' },
                },
              }
            : run,
        );
      const githubPush = (identities: string[]) => recordedPush(identities, 'github:example-org/runway-app');

      it('reads who wrote and pushed it from what onGithubPush kept, and fails when an approver pushed it', async () => {
        given({ executions: fromGithub() });
        recorder.respond('GetItem', { body: githubPush(['devon@example.com', 'github:pat-pmo']) });

        await handler(pipelineJob());

        expect(recorder.callsTo('GetCommit')).toHaveLength(0);
        expect(recorder.callsTo('GetItem')[0]?.body).toMatchObject({
          TableName: TEST_ENV.SOURCE_AUTHORS_TABLE,
          Key: {
            repository: { S: 'github:example-org/runway-app' },
            commitId: { S: '5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f' },
          },
        });
        expect(failureMessage()).toContain(
          'PMOApproval was approved by Pat Manager (pat), who wrote or pushed commit 5e1f0c2a9b8d',
        );
      });

      it('passes when nobody who wrote or pushed it approved', async () => {
        given({ executions: fromGithub() });
        recorder.respond('GetItem', { body: githubPush(['devon@example.com', 'github:devon-codes']) });

        await handler(pipelineJob());

        expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
      });

      it('fails closed when no push of the commit was recorded', async () => {
        given({ executions: fromGithub() });
        recorder.respond('GetItem', { body: {} });

        await handler(pipelineJob());

        expect(failureMessage()).toContain(
          'who wrote the change cannot be told: no GitHub push of commit 5e1f0c2a9b8d to the source branch was recorded',
        );
      });
    });
  });

  describe('when an approval is missing', () => {
    it('fails when an approval has not run in this execution', async () => {
      given({ executions: sampleActionExecutions().filter((run) => run.actionName !== 'PMOApproval') });

      await handler(pipelineJob());

      expect(failureMessage()).toBe(
        `Two-person rule not met: PMOApproval has not run in this execution. Approvals found: ${QC_BY_QUINN}.`,
      );
    });

    it('fails when an approval was rejected', async () => {
      given({ executions: withAction(sampleActionExecutions(), 'QCApproval', { status: 'Failed' }) });

      await handler(pipelineJob());

      expect(failureMessage()).toMatch(/^Two-person rule not met: QCApproval is Failed, not approved\./);
    });

    it('fails when a named action is not a manual approval', async () => {
      given();

      await handler(pipelineJob('{"approvals":["QCApproval","DeployToQAT"]}'));

      expect(failureMessage()).toMatch(/^Two-person rule not met: DeployToQAT is not a manual approval action\./);
    });
  });

  describe('which execution is checked', () => {
    const OTHER_EXECUTION = '0f0e0d0c-0b0a-4909-8807-060504030201';
    /** The rule's own action, running now in `executionId`, as ListActionExecutions shows it. */
    const ruleRunning = (executionId: string): ActionExecutionJson => ({
      pipelineExecutionId: executionId,
      actionExecutionId: `run-${executionId}`,
      stageName: 'TwoPersonRule',
      actionName: 'TwoPersonRule',
      startTime: 1795469700,
      lastUpdateTime: 1795469700,
      status: 'InProgress',
      input: {
        actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
        configuration: { FunctionName: TEST_ENV.AWS_LAMBDA_FUNCTION_NAME },
      },
    });
    /** GetJobDetails has no answer; the pipeline's history shows the rule running in `running`. */
    function givenNoJobDetails(running: string[]) {
      given();
      recorder.respond('GetJobDetails', {
        error: {
          code: 'InvalidJobException',
          message: 'The job was specified in an invalid format or cannot be found',
        },
      });
      recorder.respond('ListActionExecutions', (call: RecordedCall) => ({
        body: {
          actionExecutionDetails: call.body.filter ? sampleActionExecutions() : running.map(ruleRunning),
        },
      }));
    }
    const withParameters = (extra: Record<string, unknown>) =>
      pipelineJob(JSON.stringify({ approvals: ['QCApproval', 'PMOApproval'], ...extra }));
    const listed = () => recorder.callsTo('ListActionExecutions').map((call) => call.body);

    it('ignores an execution id named in UserParameters: GetJobDetails says which execution the job is', async () => {
      given();

      await handler(withParameters({ pipelineName: 'runway-prod', pipelineExecutionId: OTHER_EXECUTION }));

      expect(listed()).toEqual([{ pipelineName: 'runway-prod', filter: { pipelineExecutionId: EXECUTION_ID } }]);
    });

    it('without GetJobDetails, checks the execution in which this function is running, whatever UserParameters say', async () => {
      givenNoJobDetails([EXECUTION_ID]);

      await handler(withParameters({ pipelineName: 'runway-prod', pipelineExecutionId: OTHER_EXECUTION }));

      expect(listed()).toEqual([
        { pipelineName: 'runway-prod' },
        { pipelineName: 'runway-prod', filter: { pipelineExecutionId: EXECUTION_ID } },
      ]);
      expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
    });

    it('fails closed when it cannot tell the execution apart', async () => {
      givenNoJobDetails([EXECUTION_ID, OTHER_EXECUTION]);

      await handler(withParameters({ pipelineName: 'runway-prod' }));

      expect(failureMessage()).toBe(
        `cannot tell which execution of runway-prod this job belongs to: 2 executions run ${TEST_ENV.AWS_LAMBDA_FUNCTION_NAME} now`,
      );
    });

    it('fails closed when GetJobDetails has no answer and UserParameters name no pipeline', async () => {
      givenNoJobDetails([EXECUTION_ID]);

      await handler(pipelineJob());

      expect(operations(recorder)).toEqual(['GetJobDetails', 'PutJobFailureResult']);
      expect(failureMessage()).toBe(
        'GetJobDetails gave no pipeline execution for this job, and UserParameters name no pipeline to look in',
      );
    });

    it.each([
      ['GetJobDetails names', 'context'],
      ['UserParameters name', 'parameters'],
    ])('refuses a pipeline of another stage that %s', async (_story, where) => {
      if (where === 'context') {
        given();
        const details = jobDetailsResponse();
        details.jobDetails.data.pipelineContext.pipelineName = 'runway-dev-ami-production';
        recorder.respond('GetJobDetails', { body: details });
      } else givenNoJobDetails([EXECUTION_ID]);

      await handler(withParameters({ pipelineName: 'runway-dev-ami-production' }));

      expect(recorder.callsTo('ListActionExecutions')).toHaveLength(0);
      expect(failureMessage()).toBe(
        "pipeline runway-dev-ami-production is not one of this stage's pipelines (runway-qat, runway-prod)",
      );
    });

    it('does not look elsewhere when GetJobDetails is only throttled: the job fails as SystemUnavailable', async () => {
      given();
      recorder.respond('GetJobDetails', { error: { code: 'ThrottlingException', message: 'Rate exceeded' } });

      await handler(withParameters({ pipelineName: 'runway-prod' }));

      expect(recorder.callsTo('ListActionExecutions')).toHaveLength(0);
      expect(jobResults()[0]?.body.failureDetails).toMatchObject({ type: 'SystemUnavailable' });
    });
  });

  describe('when something goes wrong', () => {
    it('reports a failure result when CodePipeline answers with an error', async () => {
      given();
      recorder.respond('ListActionExecutions', {
        error: { code: 'PipelineNotFoundException', message: 'The pipeline runway-prod was not found' },
      });

      await handler(pipelineJob());

      expect(jobResults().map((call) => [call.operation, call.body])).toEqual([
        [
          'PutJobFailureResult',
          {
            jobId: JOB_ID,
            failureDetails: {
              type: 'JobFailed',
              message: 'PipelineNotFoundException: The pipeline runway-prod was not found',
            },
          },
        ],
      ]);
    });

    it.each([
      ['missing', '', 'UserParameters is missing: expected a JSON object'],
      ['not JSON', 'QCApproval,PMOApproval', 'UserParameters is not valid JSON'],
      [
        'not a list',
        '{"approvals":"QCApproval"}',
        'UserParameters.approvals must be an array of approval action names, e.g. ["QCApproval","PMOApproval"]',
      ],
      [
        'a single approval',
        '{"approvals":["QCApproval"]}',
        'UserParameters.approvals must name at least two approval actions, e.g. ["QCApproval","PMOApproval"]',
      ],
      [
        'the same approval twice',
        '{"approvals":["QCApproval","QCApproval"]}',
        'UserParameters.approvals must not name an action twice, e.g. ["QCApproval","PMOApproval"]',
      ],
      [
        'a pipeline name that is not one',
        '{"approvals":["QCApproval","PMOApproval"],"pipelineName":"a b"}',
        'UserParameters.pipelineName must be the name of this pipeline',
      ],
    ])(
      'fails with a ConfigurationError, touching nothing else, when UserParameters is %s',
      async (_story, raw, message) => {
        given();

        await handler(pipelineJob(raw));

        expect(recorder.calls.map((call) => [call.operation, call.body])).toEqual([
          ['PutJobFailureResult', { jobId: JOB_ID, failureDetails: { type: 'ConfigurationError', message } }],
        ]);
      },
    );
  });
});

describe('twoPersonRule logs', () => {
  let recorder: AwsRecorder;
  let written: string[];

  beforeAll(async () => {
    recorder = await startRecordedAws();
    recorder.respond('GetJobDetails', { body: jobDetailsResponse() });
    recorder.respond('ListActionExecutions', { body: { actionExecutionDetails: sampleActionExecutions() } });
    recorder.respond('Query', { body: { Items: [auditItem(pmoGatewayDecision())] } });
    respondWithDirectoryAndCommit(recorder);
  });
  afterAll(() => recorder.close());
  beforeEach(() => {
    written = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('never writes the artifact credentials of the job, even at DEBUG level', async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    const { handler } = await loadIsolated(() => import('../src/handlers/two-person-rule'));

    await handler(pipelineJob());

    const output = written.join('');
    expect(output).toContain('Two-person rule evaluated');
    const { artifactCredentials } = pipelineJob()['CodePipeline.job'].data;
    for (const secret of Object.values(artifactCredentials)) expect(output).not.toContain(secret);
  });
});
