import { type CodeCommitClient, GetCommitCommand } from '@aws-sdk/client-codecommit';
import type { ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import type { SourceAuthorsStore } from '../source/source-authors-store';
import type { SourceAuthors } from './two-person-rule';

const unknown = (reason: string): SourceAuthors => ({ known: false, reason });

/** Where the authors of a revision are found: CodeCommit itself, or what onGithubPush recorded. */
export interface AuthorSources {
  codeCommit: CodeCommitClient;
  githubPushes: SourceAuthorsStore;
}

/**
 * Who authored and committed the revision this execution releases, from its
 * Source action. CodeCommit answers GetCommit with both email addresses. A
 * GitHub source (CodeStarSourceConnection) records only the commit id,
 * message and date in CodePipeline; its authors and pusher are those
 * onGithubPush recorded for that commit, and unknown (the rule fails closed)
 * when no delivery of it was recorded.
 */
export async function sourceAuthors(where: AuthorSources, executions: ActionExecutionDetail[]): Promise<SourceAuthors> {
  const sourceRuns = executions.filter((run) => run.input?.actionTypeId?.category === 'Source');
  const [source] = sourceRuns;
  if (sourceRuns.length !== 1 || source === undefined) {
    return unknown(`the execution has ${sourceRuns.length} source actions, not one`);
  }
  const commitId = source.output?.outputVariables?.CommitId ?? source.output?.executionResult?.externalExecutionId;
  if (!commitId) return unknown('the source action recorded no commit id');
  const provider = source.input?.actionTypeId?.provider;
  if (provider === 'CodeStarSourceConnection') {
    const recorded = await where.githubPushes.find(commitId);
    if (!recorded || recorded.identities.length === 0) {
      return unknown(`no GitHub push of commit ${commitId.slice(0, 12)} to the source branch was recorded`);
    }
    return { known: true, commitId, identities: recorded.identities };
  }
  if (provider !== 'CodeCommit') {
    return unknown(`commit ${commitId.slice(0, 12)} comes from a ${provider} source, which records no author`);
  }
  const repositoryName = source.input?.configuration?.RepositoryName;
  if (!repositoryName) return unknown('the CodeCommit source names no repository');
  const { commit } = await where.codeCommit.send(new GetCommitCommand({ repositoryName, commitId }));
  const identities = [commit?.author?.email, commit?.committer?.email].filter(
    (email): email is string => typeof email === 'string' && email !== '',
  );
  if (identities.length === 0) return unknown(`commit ${commitId.slice(0, 12)} has no author email`);
  return { known: true, commitId, identities };
}
