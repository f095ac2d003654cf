import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AwsRecorder, type RecordedCall, type RecorderResponse, startAwsRecorder } from './aws-recorder';

/** A manual approval the fake pipeline waits at, as a test or the demo declares it. */
export interface FakeApproval {
  pipelineName: string;
  stageName: string;
  actionName: string;
  token: string;
  executionId: string;
  /** The action's CustomData (`[role:qc] ...`), as ListActionExecutions shows its configuration. */
  customData?: string;
  /**
   * What the execution releases (GetPipelineExecution), from a CodeCommit source whose GetCommit
   * names `author` (the two-person rule's self-approval check).
   */
  revision?: FakeRevision;
  amiId?: string;
}

/** A source revision an execution releases; `committedAt` (ISO) is GetPipelineExecution's `created`. */
export interface FakeRevision {
  commitId: string;
  message: string;
  author?: string;
  committedAt?: string;
}

/** An execution declared without approvals: what GetPipelineExecution answers for it. */
export interface FakeExecution {
  pipelineName: string;
  executionId: string;
  revision: FakeRevision;
}

/** A decision made in the AWS console by `updatedBy`, not through PutApprovalResult of the gateway. */
export interface FakeConsoleDecision {
  token: string;
  status: 'Approved' | 'Rejected';
  summary?: string;
  updatedBy: string;
}

/** An error PutApprovalResult answers for one approval token, `times` times. */
export interface FakeFailure {
  token: string;
  error: { code: string; status?: number; message?: string };
  times?: number;
  /** Record the decision anyway, as when CodePipeline's answer is lost on the way back. */
  applied?: boolean;
}

interface ApprovalState extends FakeApproval {
  status: 'InProgress' | 'Succeeded' | 'Failed';
  summary?: string;
  /** Who decided, as CodePipeline records it: the caller of PutApprovalResult, or a console user. */
  updatedBy?: string;
  startedAt: number;
  changedAt: number;
}

/** A manual approval action's change, as CodePipeline announces it on EventBridge. */
export interface FakeActionChange {
  pipelineName: string;
  stageName: string;
  actionName: string;
  executionId: string;
  state: 'STARTED' | 'SUCCEEDED' | 'FAILED';
  at: Date;
}

export interface CodePipelineFake {
  /** The CodePipeline endpoint (AWS_ENDPOINT_URL_CODEPIPELINE). */
  url: string;
  /** The control API: see {@link codePipelineControl}. */
  controlUrl: string;
  recorder: AwsRecorder;
  close(): Promise<void>;
}

const epochSeconds = (ms: number) => ms / 1000;

/** A Lambda job of one execution (GetJobDetails answers its pipeline context). */
export interface FakeJob {
  jobId: string;
  pipelineName: string;
  executionId: string;
}

/** The CodeCommit Source run of each execution whose approvals declared a revision. */
function sourceRuns(runs: ApprovalState[]) {
  const seen = new Set<string>();
  return runs.flatMap((approval) => {
    if (approval.revision === undefined || seen.has(approval.executionId)) return [];
    seen.add(approval.executionId);
    return [
      {
        pipelineExecutionId: approval.executionId,
        actionExecutionId: `source-${approval.executionId}`,
        stageName: 'Source',
        actionName: 'Source',
        startTime: epochSeconds(approval.startedAt - 60_000),
        lastUpdateTime: epochSeconds(approval.startedAt - 30_000),
        status: 'Succeeded',
        input: {
          actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: 'runway-app', BranchName: 'main' },
        },
        output: {
          executionResult: { externalExecutionId: approval.revision.commitId },
          outputVariables: { CommitId: approval.revision.commitId, CommitMessage: approval.revision.message },
        },
      },
    ];
  });
}

/**
 * A stand-in for CodePipeline's approval API on top of the shared AWS
 * recorder: GetPipelineState shows the declared approvals, PutApprovalResult
 * decides one once (then ApprovalAlreadyCompletedException, as CodePipeline
 * does), an unknown token is InvalidApprovalTokenException. Every call is
 * recorded. Tests and the demo drive it through a small JSON control API,
 * since it runs in another process than they do.
 */
export async function startCodePipelineFake(ports: {
  api: number;
  control: number;
  /** Whom PutApprovalResult is recorded as (`updatedBy`): the gateway's decide role, as AWS records its caller. */
  callerArn?: string;
  /**
   * Told of each approval action's start (a declared approval) and end (a decision), as CodePipeline
   * sends "Action Execution State Change" events: the local stack delivers them to metrics-api's recorder.
   */
  announce?: (change: FakeActionChange) => void;
}): Promise<CodePipelineFake> {
  const recorder = await startAwsRecorder(ports.api);
  const approvals: ApprovalState[] = [];
  const failures = new Map<string, FakeFailure[]>();
  const executionStatus = new Map<string, string>();
  const executions: FakeExecution[] = [];
  const jobs = new Map<string, FakeJob>();
  const callerArn = ports.callerArn ?? 'arn:aws:sts::123456789012:assumed-role/runway-approval-gateway-decide/fake';

  const latestFor = (pipelineName: string) => {
    const latest = new Map<string, ApprovalState>();
    for (const approval of approvals.filter((entry) => entry.pipelineName === pipelineName)) {
      latest.set(`${approval.stageName}/${approval.actionName}`, approval);
    }
    return [...latest.values()];
  };

  recorder.respond('GetPipelineState', (call): RecorderResponse => {
    const name = String(call.body.name ?? '');
    const current = latestFor(name);
    if (current.length === 0) return { error: { code: 'PipelineNotFoundException', message: `${name} not found` } };
    const stageNames = [...new Set(current.map((approval) => approval.stageName))];
    return {
      body: {
        pipelineName: name,
        pipelineVersion: 1,
        stageStates: stageNames.map((stageName) => {
          const actions = current.filter((approval) => approval.stageName === stageName);
          const last = actions[actions.length - 1];
          return {
            stageName,
            latestExecution: { pipelineExecutionId: last?.executionId, status: 'InProgress' },
            actionStates: actions.map((approval) => ({
              actionName: approval.actionName,
              latestExecution: {
                status: approval.status,
                token: approval.token,
                summary: approval.summary,
                lastUpdatedBy: approval.updatedBy,
                lastStatusChange: epochSeconds(approval.changedAt),
              },
            })),
          };
        }),
      },
    };
  });

  const announceChange = (approval: ApprovalState) =>
    ports.announce?.({
      pipelineName: approval.pipelineName,
      stageName: approval.stageName,
      actionName: approval.actionName,
      executionId: approval.executionId,
      state: approval.status === 'InProgress' ? 'STARTED' : approval.status === 'Succeeded' ? 'SUCCEEDED' : 'FAILED',
      at: new Date(approval.status === 'InProgress' ? approval.startedAt : approval.changedAt),
    });

  const decideApproval = (call: RecordedCall): RecorderResponse | undefined => {
    const { pipelineName, stageName, actionName, token } = call.body;
    const result = call.body.result as { status?: string; summary?: string } | undefined;
    const approval = approvals.find(
      (entry) =>
        entry.token === token &&
        entry.pipelineName === pipelineName &&
        entry.stageName === stageName &&
        entry.actionName === actionName,
    );
    if (approval === undefined) return { error: { code: 'InvalidApprovalTokenException', message: 'Invalid token' } };
    if (approval.status !== 'InProgress') {
      return { error: { code: 'ApprovalAlreadyCompletedException', message: 'Approval already completed' } };
    }
    approval.status = result?.status === 'Approved' ? 'Succeeded' : 'Failed';
    approval.summary = result?.summary;
    approval.updatedBy = callerArn;
    approval.changedAt = Date.now();
    announceChange(approval);
    return undefined;
  };

  recorder.respond('GetPipelineExecution', (call): RecorderResponse => {
    const { pipelineName, pipelineExecutionId } = call.body;
    const approval =
      approvals.find((entry) => entry.pipelineName === pipelineName && entry.executionId === pipelineExecutionId) ??
      executions.find((entry) => entry.pipelineName === pipelineName && entry.executionId === pipelineExecutionId);
    if (approval === undefined) {
      return {
        error: { code: 'PipelineExecutionNotFoundException', message: `${String(pipelineExecutionId)} not found` },
      };
    }
    return {
      body: {
        pipelineExecution: {
          pipelineName,
          pipelineExecutionId,
          status: executionStatus.get(approval.executionId) ?? 'InProgress',
          artifactRevisions: approval.revision
            ? [
                {
                  name: 'Source',
                  revisionId: approval.revision.commitId,
                  revisionSummary: approval.revision.message,
                  ...(approval.revision.committedAt
                    ? { created: epochSeconds(Date.parse(approval.revision.committedAt)) }
                    : {}),
                },
              ]
            : [],
          variables: 'amiId' in approval && approval.amiId ? [{ name: 'AMI_ID', resolvedValue: approval.amiId }] : [],
        },
      },
    };
  });

  // The approvals of one execution as ListActionExecutions shows them, for the two-person rule.
  recorder.respond('ListActionExecutions', (call): RecorderResponse => {
    const filter = call.body.filter as { pipelineExecutionId?: string } | undefined;
    const runs = approvals.filter(
      (entry) => entry.pipelineName === call.body.pipelineName && entry.executionId === filter?.pipelineExecutionId,
    );
    return {
      body: {
        actionExecutionDetails: [
          ...sourceRuns(runs),
          ...runs.map((approval) => ({
            pipelineExecutionId: approval.executionId,
            actionExecutionId: approval.token,
            stageName: approval.stageName,
            actionName: approval.actionName,
            startTime: epochSeconds(approval.startedAt),
            lastUpdateTime: epochSeconds(approval.changedAt),
            status: approval.status,
            updatedBy: approval.updatedBy,
            input: {
              actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
              configuration: approval.customData === undefined ? {} : { CustomData: approval.customData },
            },
            output: { executionResult: { externalExecutionSummary: approval.summary } },
          })),
        ],
      },
    };
  });

  // CodeCommit's GetCommit for a revision an approval declared.
  recorder.respond('GetCommit', (call): RecorderResponse => {
    const revision = approvals.find((entry) => entry.revision?.commitId === call.body.commitId)?.revision;
    if (revision?.author === undefined) return { error: { code: 'CommitDoesNotExistException', message: 'No commit' } };
    const person = { name: revision.author, email: revision.author, date: '1795458000 +0000' };
    return {
      body: { commit: { commitId: revision.commitId, message: revision.message, author: person, committer: person } },
    };
  });

  // GetJobDetails of a job the test declared: the execution the job belongs to.
  recorder.respond('GetJobDetails', (call): RecorderResponse => {
    const job = jobs.get(String(call.body.jobId));
    if (job === undefined) return { error: { code: 'JobNotFoundException', message: 'No such job' } };
    return {
      body: {
        jobDetails: {
          id: job.jobId,
          accountId: '123456789012',
          data: { pipelineContext: { pipelineName: job.pipelineName, pipelineExecutionId: job.executionId } },
        },
      },
    };
  });

  recorder.respond('PutApprovalResult', (call): RecorderResponse => {
    const token = String(call.body.token ?? '');
    const queue = failures.get(token) ?? [];
    const failure = queue[0];
    if (failure !== undefined) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) queue.shift();
      if (failure.applied) decideApproval(call);
      return { error: { status: 500, ...failure.error } };
    }
    return decideApproval(call) ?? { body: { approvedAt: epochSeconds(Date.now()) } };
  });

  const control = createServer((request, response) => {
    void handleControl(request, response, {
      recorder,
      approvals,
      failures,
      executionStatus,
      executions,
      jobs,
      announceChange,
    }).catch((error: unknown) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => control.listen(ports.control, '127.0.0.1', () => resolve()));
  const { port: controlPort } = control.address() as AddressInfo;

  return {
    url: recorder.url,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    recorder,
    close: async () => {
      await new Promise<void>((resolve) => {
        control.close(() => resolve());
        control.closeAllConnections();
      });
      await recorder.close();
    },
  };
}

interface FakeState {
  recorder: AwsRecorder;
  approvals: ApprovalState[];
  failures: Map<string, FakeFailure[]>;
  executionStatus: Map<string, string>;
  executions: FakeExecution[];
  jobs: Map<string, FakeJob>;
  announceChange: (approval: ApprovalState) => void;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function reply(response: ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

async function handleControl(request: IncomingMessage, response: ServerResponse, state: FakeState): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://control');
  const route = `${request.method} ${url.pathname}`;
  if (route === 'POST /approvals') {
    const approval = (await readJson(request)) as unknown as FakeApproval;
    const declared: ApprovalState = {
      ...approval,
      status: 'InProgress',
      startedAt: Date.now() - 1000,
      changedAt: Date.now(),
    };
    state.approvals.push(declared);
    state.announceChange(declared);
    return reply(response, 204);
  }
  if (route === 'POST /console-decisions') {
    const decision = (await readJson(request)) as unknown as FakeConsoleDecision;
    const approval = state.approvals.find((entry) => entry.token === decision.token);
    if (approval === undefined) return reply(response, 404, { message: 'No approval with that token' });
    Object.assign(approval, {
      status: decision.status === 'Approved' ? 'Succeeded' : 'Failed',
      summary: decision.summary,
      updatedBy: decision.updatedBy,
      changedAt: Date.now(),
    });
    state.announceChange(approval);
    return reply(response, 204);
  }
  if (route === 'POST /jobs') {
    const job = (await readJson(request)) as unknown as FakeJob;
    state.jobs.set(job.jobId, job);
    return reply(response, 204);
  }
  if (route === 'POST /executions') {
    const { executionId, status } = (await readJson(request)) as { executionId: string; status: string };
    state.executionStatus.set(executionId, status);
    return reply(response, 204);
  }
  if (route === 'POST /declared-executions') {
    state.executions.push((await readJson(request)) as unknown as FakeExecution);
    return reply(response, 204);
  }
  if (route === 'POST /failures') {
    const failure = (await readJson(request)) as unknown as FakeFailure;
    state.failures.set(failure.token, [...(state.failures.get(failure.token) ?? []), failure]);
    return reply(response, 204);
  }
  if (route === 'GET /calls') {
    const operation = url.searchParams.get('operation');
    const token = url.searchParams.get('token');
    const pipeline = url.searchParams.get('pipeline');
    const calls = state.recorder.calls.filter(
      (call) =>
        (operation === null || call.operation === operation) &&
        (token === null || call.body.token === token) &&
        (pipeline === null || call.body.pipelineName === pipeline || call.body.name === pipeline),
    );
    return reply(
      response,
      200,
      calls.map((call) => ({ operation: call.operation, body: call.body })),
    );
  }
  reply(response, 404, { message: `No route ${route}` });
}

/** A call the fake received, as the control API reports it. */
export interface ReportedCall {
  operation: string;
  body: Record<string, unknown>;
}

/** Drives a {@link startCodePipelineFake} running in another process (the jest global setup, `npm start`). */
export function codePipelineControl(controlUrl: string) {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${controlUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`CodePipeline fake ${path} answered ${response.status}`);
  };
  return {
    /** Makes the pipeline wait at this approval (GetPipelineState shows it, PutApprovalResult accepts it once). */
    registerApproval: (approval: FakeApproval) => post('/approvals', approval),
    /** Decides an approval as a console user would: CodePipeline records `updatedBy` as that user. */
    decideInConsole: (decision: FakeConsoleDecision) => post('/console-decisions', decision),
    /** Declares a Lambda job of an execution: GetJobDetails answers its pipeline context. */
    registerJob: (job: FakeJob) => post('/jobs', job),
    /** Sets the status GetPipelineExecution reports for an execution (Superseded, Stopped...). */
    setExecutionStatus: (executionId: string, status: string) => post('/executions', { executionId, status }),
    /** Declares an execution with no approvals: GetPipelineExecution answers its source revision. */
    declareExecution: (execution: FakeExecution) => post('/declared-executions', execution),
    /** Makes PutApprovalResult for `failure.token` answer an error, `times` times (default 1). */
    failPutApprovalResult: (failure: FakeFailure) => post('/failures', failure),
    /** The calls received, filtered by operation, approval token and/or pipeline name. */
    async calls(filter: { operation?: string; token?: string; pipeline?: string } = {}): Promise<ReportedCall[]> {
      const query = new URLSearchParams(
        Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      const response = await fetch(`${controlUrl}/calls?${query}`);
      if (!response.ok) throw new Error(`CodePipeline fake /calls answered ${response.status}`);
      return (await response.json()) as ReportedCall[];
    },
  };
}
