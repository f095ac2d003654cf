/** A push to a source repository, from CodeCommit or GitHub, reduced to what decides a build. */
export interface SourcePush {
  origin: 'codecommit' | 'github';
  repository: string;
  /** `branch` for refs/heads/*, `tag` for refs/tags/*, `other` for anything else. */
  refType: 'branch' | 'tag' | 'other';
  /** Branch or tag name without its `refs/...` prefix. */
  refName: string;
  /** The commit the ref now points at; absent when the ref was deleted. */
  commitId?: string;
  deleted: boolean;
}

/** Which pushes build an image: the configured branch of the configured repository. */
export interface BuildSource {
  repository: string;
  branch: string;
}

export type PushDecision = { build: true; commitId: string } | { build: false; reason: string };

/** Splits a full ref (`refs/heads/main`, `refs/tags/v1`) into its type and name. */
export function parseRef(ref: string): Pick<SourcePush, 'refType' | 'refName'> {
  if (ref.startsWith('refs/heads/')) return { refType: 'branch', refName: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { refType: 'tag', refName: ref.slice('refs/tags/'.length) };
  return { refType: 'other', refName: ref };
}

/** Decides whether a push builds a new QAT image; the reason says why not. */
export function decidePush(push: SourcePush, source: BuildSource): PushDecision {
  if (push.repository !== source.repository) {
    return { build: false, reason: `repository ${push.repository} is not ${source.repository}` };
  }
  if (push.refType !== 'branch') {
    return { build: false, reason: `${push.refType} ${push.refName} is not a branch` };
  }
  if (push.refName !== source.branch) {
    return { build: false, reason: `branch ${push.refName} is not ${source.branch}` };
  }
  if (push.deleted || push.commitId === undefined) {
    return { build: false, reason: `branch ${push.refName} was deleted` };
  }
  return { build: true, commitId: push.commitId };
}
