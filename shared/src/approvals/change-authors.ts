import { type CodeCommitClient, GetCommitCommand } from '@aws-sdk/client-codecommit';
import type { ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ApproverDirectory, type Person, personByAuthorIdentity } from './approver-directory';

/**
 * Who put a change on the source branch, the contract between pipeline-triggers' push handlers
 * (which record it), its two-person rule and approval-gateway's review page (which read it).
 *
 * A push is kept under its repository (`codecommit:<name>`, `github:<owner>/<name>`) and the
 * commit the branch then pointed at. Its identities are what the source vouches for: the
 * CodeCommit pusher's IAM ARN (`callerUserArn`), GitHub's pusher and sender logins
 * (`github:<login>`), and the commits' author and committer emails, which the author's own git
 * config sets. Pushes of the same commit to the same repository add up, so a second push of it
 * never hides the first pusher.
 */
export interface PushAuthors {
  repository: string;
  commitId: string;
  identities: string[];
}

/** Kept this long after the push: longer than any release takes from push to production. */
const RETENTION_SECONDS = 180 * 24 * 3600;

export const codeCommitRepositoryKey = (repositoryName: string) => `codecommit:${repositoryName}`;
/** GitHub names are case-insensitive; the key is lowercase so a push and the pipeline's source agree. */
export const githubRepositoryKey = (fullName: string) => `github:${fullName.toLowerCase()}`;

/** The pushes recorded for the two-person rule; DynamoDB in production. */
export interface PushAuthorsStore {
  record(push: PushAuthors, now: Date): Promise<void>;
  find(repository: string, commitId: string): Promise<string[] | undefined>;
}

export function dynamoPushAuthors(client: DynamoDBDocumentClient, table: string): PushAuthorsStore {
  return {
    async record(push, now) {
      if (push.identities.length === 0) return;
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: { repository: push.repository, commitId: push.commitId },
          UpdateExpression: 'ADD identities :identities SET recordedAt = :now, #ttl = :ttl',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':identities': new Set(push.identities),
            ':now': now.toISOString(),
            ':ttl': Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
          },
        }),
      );
    },
    async find(repository, commitId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: { repository, commitId }, ConsistentRead: true }),
      );
      const identities: unknown = Item?.identities;
      if (!(identities instanceof Set) && !Array.isArray(identities)) return undefined;
      return [...identities].filter((entry): entry is string => typeof entry === 'string').sort();
    },
  };
}

/** Who wrote and pushed the change an execution releases, or why that cannot be told. */
export type ChangeAuthors =
  | { known: true; commitId: string; identities: string[]; link?: string }
  | { known: false; reason: string; commitId?: string; link?: string };

/** Where the authors of a revision are found: CodeCommit itself, and the recorded pushes. */
export interface AuthorSources {
  codeCommit: CodeCommitClient;
  pushes: PushAuthorsStore;
  /** The pipeline's region, for the console link of a CodeCommit commit. */
  region: string;
}

const unknown = (reason: string, commitId?: string, link?: string): ChangeAuthors => ({
  known: false,
  reason,
  commitId,
  link,
});

const SAFE_PATH = /^[A-Za-z0-9._/-]+$/;

/** Where a person reads the commit: the CodeCommit console or GitHub; undefined for a name that is not plain. */
export function commitLink(provider: string, repository: string, commitId: string, region: string): string | undefined {
  if (!SAFE_PATH.test(repository) || !/^[0-9a-f]{7,64}$/i.test(commitId)) return undefined;
  if (provider === 'CodeCommit' && /^[a-z0-9-]+$/.test(region)) {
    return `https://${region}.console.aws.amazon.com/codesuite/codecommit/repositories/${repository}/commit/${commitId}?region=${region}`;
  }
  if (provider === 'CodeStarSourceConnection') return `https://github.com/${repository}/commit/${commitId}`;
  return undefined;
}

async function commitEmails(client: CodeCommitClient, repositoryName: string, commitId: string): Promise<string[]> {
  const { commit } = await client.send(new GetCommitCommand({ repositoryName, commitId }));
  return [commit?.author?.email, commit?.committer?.email].filter(
    (email): email is string => typeof email === 'string' && email !== '',
  );
}

async function githubAuthors(where: AuthorSources, fullName: string | undefined, commitId: string) {
  if (!fullName) return unknown('the GitHub source names no repository', commitId);
  const link = commitLink('CodeStarSourceConnection', fullName, commitId, where.region);
  const recorded = await where.pushes.find(githubRepositoryKey(fullName), commitId);
  if (!recorded || recorded.length === 0) {
    return unknown(
      `no GitHub push of commit ${commitId.slice(0, 12)} to the source branch was recorded`,
      commitId,
      link,
    );
  }
  return { known: true as const, commitId, identities: recorded, link };
}

async function codeCommitAuthors(where: AuthorSources, repositoryName: string | undefined, commitId: string) {
  if (!repositoryName) return unknown('the CodeCommit source names no repository', commitId);
  const link = commitLink('CodeCommit', repositoryName, commitId, where.region);
  const [recorded, emails] = await Promise.all([
    where.pushes.find(codeCommitRepositoryKey(repositoryName), commitId),
    commitEmails(where.codeCommit, repositoryName, commitId),
  ]);
  if (!recorded || recorded.length === 0) {
    const short = commitId.slice(0, 12);
    return unknown(`no CodeCommit push of commit ${short} to the source branch was recorded`, commitId, link);
  }
  return { known: true as const, commitId, identities: [...new Set([...recorded, ...emails])], link };
}

/**
 * Who wrote and pushed the revision an execution releases, from its one Source action: the
 * push recorded for that repository and commit (the CodeCommit pusher, GitHub's pusher and
 * sender, the commits' emails), plus for CodeCommit the commit's author and committer emails
 * (GetCommit). A commit whose push was never recorded is unknown: the rule fails closed.
 */
export async function changeAuthors(where: AuthorSources, executions: ActionExecutionDetail[]): Promise<ChangeAuthors> {
  const sourceRuns = executions.filter((run) => run.input?.actionTypeId?.category === 'Source');
  const [source] = sourceRuns;
  if (sourceRuns.length !== 1 || source === undefined) {
    return unknown(`the execution has ${sourceRuns.length} source actions, not one`);
  }
  const commitId = source.output?.outputVariables?.CommitId ?? source.output?.executionResult?.externalExecutionId;
  if (!commitId) return unknown('the source action recorded no commit id');
  const provider = source.input?.actionTypeId?.provider ?? 'unknown';
  const configuration = source.input?.configuration ?? {};
  if (provider === 'CodeStarSourceConnection') return githubAuthors(where, configuration.FullRepositoryId, commitId);
  if (provider === 'CodeCommit') return codeCommitAuthors(where, configuration.RepositoryName, commitId);
  return unknown(`commit ${commitId.slice(0, 12)} comes from a ${provider} source, which records no author`, commitId);
}

/** The authors as people of the directory, and the identities that are nobody it knows. */
export interface AuthorPeople {
  people: Person[];
  strangers: string[];
}

/** Maps each identity through the directory; `account` is the pipeline's (an ARN of another account is nobody). */
export function authorPeople(directory: ApproverDirectory, identities: string[], account: string): AuthorPeople {
  const people = new Map<string, Person>();
  const strangers: string[] = [];
  for (const identity of identities) {
    const person = personByAuthorIdentity(directory, identity, account);
    if (person) people.set(person.id, person);
    else strangers.push(identity);
  }
  return { people: [...people.values()], strangers };
}
