import type { GatewayDecision } from '@shared/approvals/approval-audit';
import type { AwsRecorder } from '../../../shared/test-support/aws-recorder';
import {
  type ActionExecutionJson,
  assumedRole,
  auditItem,
  EXECUTION_ID,
  JOB_ID,
  jobDetailsResponse,
  pipelineJob,
  pmoGatewayDecision,
  sampleActionExecutions,
  withAction,
} from './support/fixtures';
import { loadIsolated, operations, startRecordedAws, TEST_ENV } from './support/harness';

type Handler = typeof import('../src/handlers/two-person-rule').handler;

const JANE = 'jane.doe@example.com';

describe('twoPersonRule', () => {
  let recorder: AwsRecorder;
  let handler: Handler;

  beforeAll(async () => {
    recorder = await startRecordedAws();
    ({ handler } = await loadIsolated(() => import('../src/handlers/two-person-rule')));
  });
  afterAll(() => recorder.close());

  /** The pipeline execution as CodePipeline and approval-gateway's audit describe it. */
  function given(options: { executions?: ActionExecutionJson[]; decisions?: GatewayDecision[] } = {}) {
    recorder.reset();
    recorder.respond('GetJobDetails', { body: jobDetailsResponse() });
    recorder.respond('ListActionExecutions', {
      body: { actionExecutionDetails: options.executions ?? sampleActionExecutions() },
    });
    const items = (options.decisions ?? [pmoGatewayDecision()]).map(auditItem);
    recorder.respond('Query', { body: { Items: items, Count: items.length, ScannedCount: items.length } });
  }

  const jobResults = () => recorder.calls.filter((call) => call.operation.startsWith('PutJob'));
  const failureMessage = () => (jobResults()[0]?.body.failureDetails as { message?: string } | undefined)?.message;

  describe('when two different people approved', () => {
    it('reads the execution, its actions and the gateway audit, then reports success naming both approvers', async () => {
      given();

      await handler(pipelineJob());

      expect(operations(recorder).sort()).toEqual(
        ['GetJobDetails', 'ListActionExecutions', 'PutJobSuccessResult', 'Query'].sort(),
      );
      expect(recorder.callsTo('GetJobDetails')[0]?.body).toEqual({ jobId: JOB_ID });
      expect(recorder.callsTo('ListActionExecutions')[0]?.body).toEqual({
        pipelineName: 'runway-prod',
        filter: { pipelineExecutionId: EXECUTION_ID },
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
          {
            jobId: JOB_ID,
            executionDetails: {
              summary:
                'Two-person rule met: QCApproval by jane.doe@example.com (updatedBy), ' +
                'PMOApproval by pmo.lead@example.com (approval gateway)',
            },
          },
        ],
      ]);
    });

    it('reads every page of action executions', async () => {
      given();
      const [pmo, qc, deploy] = sampleActionExecutions();
      recorder.respondOnce('ListActionExecutions', { body: { actionExecutionDetails: [pmo], nextToken: 'page-2' } });
      recorder.respondOnce('ListActionExecutions', { body: { actionExecutionDetails: [qc, deploy] } });

      await handler(pipelineJob());

      expect(recorder.callsTo('ListActionExecutions').map((call) => call.body.nextToken)).toEqual([
        undefined,
        'page-2',
      ]);
      expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
    });
  });

  describe('when the rule is not met', () => {
    it('fails when the same person approved twice, once through the gateway and once in the console', async () => {
      given({ decisions: [pmoGatewayDecision('Jane.Doe@example.com')] });

      await handler(pipelineJob());

      expect(jobResults().map((call) => [call.operation, call.body])).toEqual([
        [
          'PutJobFailureResult',
          {
            jobId: JOB_ID,
            failureDetails: {
              type: 'JobFailed',
              message:
                'Two-person rule not met: QCApproval and PMOApproval were both approved by jane.doe@example.com. ' +
                'Approvals found: QCApproval by jane.doe@example.com (updatedBy), ' +
                'PMOApproval by Jane.Doe@example.com (approval gateway).',
            },
          },
        ],
      ]);
    });

    it('fails when the same person approved through two different roles', async () => {
      const executions = withAction(sampleActionExecutions(), 'PMOApproval', {
        updatedBy: assumedRole('runway-pmo-approver', JANE),
      });
      given({ executions, decisions: [] });

      await handler(pipelineJob());

      expect(failureMessage()).toBe(
        'Two-person rule not met: QCApproval and PMOApproval were both approved by jane.doe@example.com. ' +
          'Approvals found: QCApproval by jane.doe@example.com (updatedBy), PMOApproval by jane.doe@example.com (updatedBy).',
      );
    });

    it('fails when the same person approved once through a role and once as an IAM user', async () => {
      const executions = withAction(sampleActionExecutions(), 'PMOApproval', {
        updatedBy: `arn:aws:iam::123456789012:user/approvers/${JANE}`,
      });
      given({ executions, decisions: [] });

      await handler(pipelineJob());

      expect(failureMessage()).toContain('QCApproval and PMOApproval were both approved by jane.doe@example.com');
    });

    it('fails when an approval has not run in this execution', async () => {
      const executions = sampleActionExecutions().filter((run) => run.actionName !== 'PMOApproval');
      given({ executions });

      await handler(pipelineJob());

      expect(failureMessage()).toBe(
        'Two-person rule not met: PMOApproval has not run in this execution. ' +
          'Approvals found: QCApproval by jane.doe@example.com (updatedBy).',
      );
    });

    it('fails when an approval was rejected', async () => {
      given({ executions: withAction(sampleActionExecutions(), 'QCApproval', { status: 'Failed' }) });

      await handler(pipelineJob());

      expect(failureMessage()).toMatch(/^Two-person rule not met: QCApproval is Failed, not approved\./);
    });

    it('fails when the gateway approved but no audit record names the person', async () => {
      given({ decisions: [] });

      await handler(pipelineJob());

      expect(failureMessage()).toMatch(
        /^Two-person rule not met: PMOApproval was approved through the approval gateway but no audit record names the approver\./,
      );
    });

    it('does not credit a gateway decision made before this run of the approval started', async () => {
      const earlier = { ...pmoGatewayDecision(), decidedAt: new Date(1795465000 * 1000).toISOString() };
      given({ decisions: [earlier] });

      await handler(pipelineJob());

      expect(failureMessage()).toContain('PMOApproval was approved through the approval gateway but no audit record');
    });

    it('fails when a named action is not a manual approval', async () => {
      given();

      await handler(pipelineJob('{"approvals":["QCApproval","DeployToQAT"]}'));

      expect(failureMessage()).toMatch(/^Two-person rule not met: DeployToQAT is not a manual approval action\./);
    });
  });

  describe('when the pipeline also names its execution in UserParameters', () => {
    const OTHER_EXECUTION = '0f0e0d0c-0b0a-4909-8807-060504030201';
    const declaring = (pipelineName: string, executionId: string) =>
      pipelineJob(
        JSON.stringify({
          approvals: ['QCApproval', 'PMOApproval'],
          pipelineName,
          pipelineExecutionId: executionId,
        }),
      );
    const listedExecution = () => recorder.callsTo('ListActionExecutions')[0]?.body;

    it('checks the named execution against GetJobDetails and goes on when they agree', async () => {
      given();

      await handler(declaring('runway-prod', EXECUTION_ID));

      expect(recorder.callsTo('GetJobDetails')).toHaveLength(1);
      expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
    });

    it('fails with a ConfigurationError, reading nothing more, when they disagree', async () => {
      given();

      await handler(declaring('runway-prod', OTHER_EXECUTION));

      expect(operations(recorder)).toEqual(['GetJobDetails', 'PutJobFailureResult']);
      expect(jobResults()[0]?.body.failureDetails).toEqual({
        type: 'ConfigurationError',
        message:
          `UserParameters name execution ${OTHER_EXECUTION} of runway-prod, ` +
          `but this job belongs to execution ${EXECUTION_ID} of runway-prod`,
      });
    });

    it('uses the named execution when GetJobDetails gives no pipeline context for the job', async () => {
      given();
      const details = jobDetailsResponse();
      details.jobDetails.data.pipelineContext.pipelineExecutionId = '';
      recorder.respond('GetJobDetails', { body: details });

      await handler(declaring('runway-prod', EXECUTION_ID));

      expect(listedExecution()).toEqual({ pipelineName: 'runway-prod', filter: { pipelineExecutionId: EXECUTION_ID } });
      expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
    });

    it('uses the named execution when GetJobDetails refuses a Lambda job', async () => {
      given();
      recorder.respond('GetJobDetails', {
        error: {
          code: 'InvalidJobException',
          message: 'The job was specified in an invalid format or cannot be found',
        },
      });

      await handler(declaring('runway-prod', EXECUTION_ID));

      expect(listedExecution()).toEqual({ pipelineName: 'runway-prod', filter: { pipelineExecutionId: EXECUTION_ID } });
      expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
    });

    it('does not fall back when GetJobDetails is only throttled: the job fails as SystemUnavailable', async () => {
      given();
      recorder.respond('GetJobDetails', { error: { code: 'ThrottlingException', message: 'Rate exceeded' } });

      await handler(declaring('runway-prod', EXECUTION_ID));

      expect(recorder.callsTo('ListActionExecutions')).toHaveLength(0);
      expect(jobResults()[0]?.body.failureDetails).toMatchObject({ type: 'SystemUnavailable' });
    });

    it.each([
      [
        'an unresolved variable',
        { pipelineName: 'runway-prod', pipelineExecutionId: '#{codepipeline.PipelineExecutionId}' },
        'UserParameters.pipelineExecutionId must be a pipeline execution id, e.g. "#{codepipeline.PipelineExecutionId}", when pipelineName is given',
      ],
      [
        'an execution id without the pipeline',
        { pipelineExecutionId: EXECUTION_ID },
        'UserParameters.pipelineName must be the name of this pipeline when pipelineExecutionId is given',
      ],
    ])('fails with a ConfigurationError, touching nothing else, for %s', async (_story, extra, message) => {
      given();

      await handler(pipelineJob(JSON.stringify({ approvals: ['QCApproval', 'PMOApproval'], ...extra })));

      expect(recorder.calls.map((call) => [call.operation, call.body])).toEqual([
        ['PutJobFailureResult', { jobId: JOB_ID, failureDetails: { type: 'ConfigurationError', message } }],
      ]);
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

    it('reports a failure result when the job has no pipeline execution id', async () => {
      given();
      const details = jobDetailsResponse();
      details.jobDetails.data.pipelineContext.pipelineExecutionId = '';
      recorder.respond('GetJobDetails', { body: details });

      await handler(pipelineJob());

      expect(operations(recorder)).toEqual(['GetJobDetails', 'PutJobFailureResult']);
      expect(failureMessage()).toBe('GetJobDetails returned no pipeline name or execution id for this job');
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
