import { dynamoPushAuthors } from '@shared/approvals/change-authors';
import { snsHandler } from '@shared/sns/sns-messages';
import { changeFacts } from '../approvals/change-facts';
import { handleApprovalMessage } from '../approvals/handle-notification';
import type { NotifyDeps } from '../approvals/notify-approvers';
import { codeCommitClient } from '../clients/codecommit';
import { codePipelineClient } from '../clients/codepipeline';
import { documentClient } from '../clients/dynamodb';
import { changeConfig, config } from '../config';
import { approvalDeps, mailer } from '../wiring';

const storage = approvalDeps();

const deps: NotifyDeps = {
  ...storage,
  mailer: mailer(),
  publicBaseUrl: config.publicBaseUrl,
};

const pushes = dynamoPushAuthors(documentClient, changeConfig().pushAuthorsTable);

/** `arn:aws:sns:<region>:<account>:<topic>` → region and account: the pipeline's own (the topic is this stage's). */
function topicPlace(topicArn: string): { region: string; account: string } {
  const [, , , region = '', account = ''] = topicArn.split(':');
  return { region, account };
}

/**
 * CodePipeline's approval topic → one email per approver. Each record is
 * handled on its own; a malformed one is dropped, and a failed one makes the
 * invocation fail once all were tried, so Lambda retries it (at most twice).
 */
export const handler = snsHandler(async (message, record) => {
  const { region, account } = topicPlace(record.Sns.TopicArn);
  const sources = { codePipeline: codePipelineClient, codeCommit: codeCommitClient, pushes, region };
  await handleApprovalMessage(
    { ...deps, change: (execution, directory) => changeFacts(sources, execution, directory, account) },
    message,
    new Date(),
  );
});
