import { htmlHandler } from '@shared/http/html-handler';
import { logger } from '@shared/logger';
import { loadEvent } from '@test-support/events';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { decide } from '../src/approvals/decide';
import { hashLinkToken, newLinkToken } from '../src/approvals/link-token';
import { PAGE_OPTIONS } from '../src/handlers/page-handler';
import { awsError, fakePipeline, memoryDirectory, memoryStore, OWN_ROLE } from './support/memory-store';
import { approvalRecord, requestRecord } from './support/records';

const now = new Date('2026-11-24T10:00:00.000Z');

describe('logs of a decision CodePipeline could not take', () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    logger.setLogLevel('DEBUG');
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
    }
  });
  afterEach(() => {
    jest.restoreAllMocks();
    logger.setLogLevel('SILENT');
  });

  it('carry neither the approval token nor the link token, while the 503 page shows the form again', async () => {
    const memory = memoryStore();
    const pipeline = fakePipeline();
    const approval = approvalRecord();
    await memory.store.createApproval(approval);
    const linkToken = newLinkToken();
    await memory.store.putRequest(requestRecord(approval, 'mary@example.com', hashLinkToken(linkToken)));
    pipeline.answers.push(() => Promise.reject(awsError('ServiceUnavailableException')));
    const deps = {
      store: memory.store,
      pipeline: pipeline.gateway,
      directory: memoryDirectory(),
      ownRoleName: OWN_ROLE,
    };
    const handler = htmlHandler(
      () =>
        decide(deps, linkToken, { decision: 'approve', comment: '' }, {}, now).then(() => ({
          statusCode: 200,
          body: '',
        })),
      PAGE_OPTIONS,
    ) as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<{ statusCode: number; body: string }>;
    const event = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
    event.rawPath = `/approvals/${linkToken}`;

    const response = await handler(event, {} as Context);

    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('value="approve"');
    const output = written.join('');
    expect(output).toContain('Request failed');
    expect(output).not.toContain(approval.approvalToken);
    expect(output).not.toContain(linkToken);
    expect(output).not.toContain(hashLinkToken(linkToken));
  });
});
