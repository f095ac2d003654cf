/**
 * The service's event handlers log with the Lambda request id: each is built by a shared wrapper
 * that injects the Lambda context. Only paths that make no AWS call are taken, so no SDK client
 * here ever sends a request.
 */
import { expectLinesOfInvocation, lambdaContext, lineSaying, loadLogging, logLinesOf } from '@test-support/log-lines';
import { codeCommitPush, imageNotification } from './support/fixtures';
import { TEST_ENV } from './support/harness';

const REQUEST_ID = '5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const context = lambdaContext(REQUEST_ID);

const load = () =>
  loadLogging(async () => ({
    onImageBuilt: (await import('../src/handlers/on-image-built')).handler,
    onCodeCommitPush: (await import('../src/handlers/on-code-commit-push')).handler,
  }));
let handlers: Awaited<ReturnType<typeof load>>;

beforeAll(async () => {
  Object.assign(process.env, TEST_ENV);
  handlers = await load();
});

describe('the event handlers log with the Lambda request id', () => {
  it('onImageBuilt (SNS), when it drops a record that is not JSON', async () => {
    const lines = await logLinesOf(() => handlers.onImageBuilt(imageNotification('not JSON'), context));

    expectLinesOfInvocation(lines, REQUEST_ID);
    lineSaying(lines, 'Dropping SNS record: Message is not JSON');
  });

  it('onCodeCommitPush (EventBridge), when it ignores a push to another repository', async () => {
    const lines = await logLinesOf(() =>
      handlers.onCodeCommitPush(codeCommitPush({ repositoryName: 'runway-docs' }), context),
    );

    expectLinesOfInvocation(lines, REQUEST_ID);
    lineSaying(lines, 'Push ignored');
  });
});
