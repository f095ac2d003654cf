import { type CodeCommitClient, GetCommitCommand } from '@aws-sdk/client-codecommit';
import type { ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import type { SourceAuthors } from './two-person-rule';

const unknown = (reason: string): SourceAuthors => ({ known: false, reason });

/**
 * Who authored and committed the revision this execution releases, from its
 * Source action. CodeCommit answers GetCommit with both email addresses. A
 * GitHub source (CodeStarSourceConnection) records only the commit id,
 * message and date in CodePipeline, so its author stays unknown and the rule
 * fails closed (see README "Approvals").
 */
export async function sourceAuthors(
  codeCommit: CodeCommitClient,
  executions: ActionExecutionDetail[],
): Promise<SourceAuthors> {
  const sources = executions.filter((run) => run.input?.actionTypeId?.category === 'Source');
  if (sources.length !== 1 || sources[0] === undefined) {
    return unknown(`the execution has ${sources.length} source actions, not one`);
  }
  const [source] = sources;
  const commitId = source.output?.outputVariables?.CommitId ?? source.output?.executionResult?.externalExecutionId;
  if (!commitId) return unknown('the source action recorded no commit id');
  const provider = source.input?.actionTypeId?.provider;
  if (provider !== 'CodeCommit') {
    return unknown(`commit ${commitId.slice(0, 12)} comes from a ${provider} source, which records no author`);
  }
  const repositoryName = source.input?.configuration?.RepositoryName;
  if (!repositoryName) return unknown('the CodeCommit source names no repository');
  const { commit } = await codeCommit.send(new GetCommitCommand({ repositoryName, commitId }));
  const identities = [commit?.author?.email, commit?.committer?.email].filter(
    (email): email is string => typeof email === 'string' && email !== '',
  );
  if (identities.length === 0) return unknown(`commit ${commitId.slice(0, 12)} has no author email`);
  return { known: true, commitId, identities };
}
