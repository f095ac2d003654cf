import { githubRepositoryKey } from '@shared/approvals/change-authors';
import { httpError } from '@shared/errors';
import { httpHandler, json } from '@shared/http/http-handler';
import { rawBody } from '@shared/http/json-body';
import { logger } from '@shared/logger';
import { imagebuilderClient } from '../clients/imagebuilder';
import { ssmClient } from '../clients/ssm';
import { config } from '../config';
import {
  isValidSignature,
  mergedPullRequest,
  pushFromGithub,
  pushIdentities,
  webhookPayload,
} from '../source/github-webhook';
import { buildImageForPush } from '../source/image-build';
import { decidePush } from '../source/source-push';
import { cached, parameterLoader, SECRET_TTL_MS } from '../source/webhook-secret';
import { pushAuthors } from '../wiring';
import { WEBHOOK_ERRORS } from './webhook-handler';

const webhookSecret = cached(parameterLoader(ssmClient, config.githubWebhookSecretParameter), SECRET_TTL_MS);

const target = {
  repository: config.githubRepository,
  branch: config.sourceBranch,
  imagePipelineArn: config.qatImagePipelineArn,
};

/**
 * A pull request merged into the source branch: its opener and merger are kept with the merge
 * commit, beside what the push of that commit records (the two-person rule reads them together).
 */
async function recordMerge(payload: unknown) {
  const merge = mergedPullRequest(payload);
  if (merge === undefined) return json(202, { result: 'ignored', reason: 'the pull request was not merged' });
  if (merge.repository !== target.repository || merge.branch !== target.branch) {
    return json(202, { result: 'ignored', reason: `${merge.repository} ${merge.branch} is not the source branch` });
  }
  const repository = githubRepositoryKey(merge.repository);
  await pushAuthors.record({ repository, commitId: merge.commitId, identities: merge.identities }, new Date());
  return json(200, { result: 'recorded', commitId: merge.commitId });
}

/**
 * `POST /webhooks/github`. The signature is checked over the raw body bytes
 * before anything reads the payload, so no JSON parser runs in the stack.
 */
export const handler = httpHandler(async (event) => {
  const body = rawBody(event);
  if (!isValidSignature(body, event.headers['x-hub-signature-256'], await webhookSecret())) {
    throw httpError(401, 'Missing or invalid X-Hub-Signature-256');
  }
  const kind = event.headers['x-github-event'];
  const delivery = event.headers['x-github-delivery'];
  if (kind === 'ping') return json(200, { result: 'pong' });
  if (kind === 'pull_request') return recordMerge(webhookPayload(body, event.headers['content-type']));
  if (kind !== 'push') {
    logger.info('Webhook event ignored', { kind, delivery });
    return json(202, { result: 'ignored', reason: `${kind ?? 'unnamed'} events are not handled` });
  }
  const payload = webhookPayload(body, event.headers['content-type']);
  const push = pushFromGithub(payload);
  const decision = decidePush(push, target);
  // Kept before the build starts: the two-person rule refuses a release whose authors it cannot tell.
  if (decision.build) {
    const repository = githubRepositoryKey(push.repository);
    await pushAuthors.record(
      { repository, commitId: decision.commitId, identities: pushIdentities(payload) },
      new Date(),
    );
  }
  const result = await buildImageForPush(imagebuilderClient, target, push);
  if (!result.started) return json(202, { result: 'ignored', reason: result.reason });
  logger.info('Webhook push built', { delivery, commitId: result.commitId });
  return json(200, {
    result: 'started',
    commitId: result.commitId,
    imageBuildVersionArn: result.imageBuildVersionArn,
  });
}, WEBHOOK_ERRORS);
