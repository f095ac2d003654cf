import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { ApproverDirectory } from '@shared/approvals/approver-directory';
import { type AuthorSources, authorPeople, changeAuthors } from '@shared/approvals/change-authors';
import { errorName } from '@shared/errors';
import { logger } from '@shared/logger';
import { listActionExecutions } from '@shared/pipeline/action-executions';

/**
 * Who wrote and pushed the change an approval releases, as the two-person rule sees it
 * (shared/src/approvals/change-authors.ts), kept on the approval when its notification arrives.
 */
export interface ChangeFacts {
  /** Where the commit is read: the CodeCommit console or GitHub. */
  commitLink?: string;
  /** The directory people among the authors and pushers: none of them may approve. */
  authors: { id: string; name: string }[];
  /** Author and pusher identities the directory does not know. */
  strangers: string[];
  /** Why the authors cannot be told, when they cannot (the rule then fails). */
  unknown?: string;
}

export interface ChangeSources extends AuthorSources {
  codePipeline: CodePipelineClient;
}

/** The change's authors; a failure to read them is logged and shown as not known, never thrown. */
export async function changeFacts(
  sources: ChangeSources,
  execution: { pipelineName: string; executionId: string },
  directory: ApproverDirectory,
  account: string,
): Promise<ChangeFacts> {
  try {
    const authors = await changeAuthors(sources, await listActionExecutions(sources.codePipeline, execution));
    const link = authors.link === undefined ? {} : { commitLink: authors.link };
    if (!authors.known) return { ...link, authors: [], strangers: [], unknown: authors.reason };
    const { people, strangers } = authorPeople(directory, authors.identities, account);
    return { ...link, authors: people.map(({ id, name }) => ({ id, name })), strangers };
  } catch (error) {
    logger.warn('The change authors could not be read', { ...execution, errorName: errorName(error) });
    return { authors: [], strangers: [], unknown: 'they could not be read from the pipeline' };
  }
}

/** The change's authors as one line for people: names, then unknown identities. */
export function authorsText(change: ChangeFacts | undefined): string {
  if (change === undefined) return 'not known';
  if (change.unknown !== undefined) return `not known: ${change.unknown}`;
  const names = change.authors.map((person) => `${person.name} (${person.id})`);
  const strangers = change.strangers.map((identity) => `${identity} (not in the approver directory)`);
  return [...names, ...strangers].join(', ') || 'nobody recorded';
}
