import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AwsRecorder,
  type RecordedCall,
  type RecorderResponse,
  startAwsRecorder,
} from '../../shared/test-support/aws-recorder';

/** A manual approval the fake pipeline waits at, as a test or the demo declares it. */
export interface FakeApproval {
  pipelineName: string;
  stageName: string;
  actionName: string;
  token: string;
  executionId: string;
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
  changedAt: number;
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

/**
 * A stand-in for CodePipeline's approval API on top of the shared AWS
 * recorder: GetPipelineState shows the declared approvals, PutApprovalResult
 * decides one once (then ApprovalAlreadyCompletedException, as CodePipeline
 * does), an unknown token is InvalidApprovalTokenException. Every call is
 * recorded. Tests and the demo drive it through a small JSON control API,
 * since it runs in another process than they do.
 */
export async function startCodePipelineFake(ports: { api: number; control: number }): Promise<CodePipelineFake> {
  const recorder = await startAwsRecorder(ports.api);
  const approvals: ApprovalState[] = [];
  const failures = new Map<string, FakeFailure[]>();

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
                lastStatusChange: epochSeconds(approval.changedAt),
              },
            })),
          };
        }),
      },
    };
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
    approval.changedAt = Date.now();
    return undefined;
  };

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
    void handleControl(request, response, { recorder, approvals, failures }).catch((error: unknown) => {
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
    state.approvals.push({ ...approval, status: 'InProgress', changedAt: Date.now() });
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
