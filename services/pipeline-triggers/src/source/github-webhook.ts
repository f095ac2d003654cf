import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseRef, type SourcePush } from './source-push';

/** A verified delivery whose payload cannot be read as a push: names the field and what is wrong with it. */
export class InvalidWebhookPayloadError extends Error {
  override name = 'InvalidWebhookPayloadError';
  constructor(
    message: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(message);
  }
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;
const ZERO_COMMIT = /^0+$/;

/**
 * Checks GitHub's `X-Hub-Signature-256` (`sha256=` + hex HMAC-SHA256 of the
 * raw body bytes) in constant time. A missing or malformed header is false.
 */
export function isValidSignature(body: Buffer, header: string | undefined, secret: string): boolean {
  const match = SIGNATURE.exec(header?.trim() ?? '');
  if (!match?.[1]) return false;
  const received = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return received.length === expected.length && timingSafeEqual(received, expected);
}

interface GitUser {
  email?: unknown;
  username?: unknown;
}

interface PushPayload {
  ref?: unknown;
  after?: unknown;
  deleted?: unknown;
  repository?: { full_name?: unknown };
  pusher?: { name?: unknown; email?: unknown };
  sender?: { login?: unknown };
  head_commit?: { author?: GitUser; committer?: GitUser } | null;
  commits?: unknown;
}

/**
 * The JSON payload of a verified delivery. GitHub sends it as the body
 * (`application/json`) or as the `payload` field of a form post
 * (`application/x-www-form-urlencoded`), depending on the webhook's setting.
 */
export function webhookPayload(body: Buffer, contentType: string | undefined): unknown {
  const text = body.toString('utf8');
  const json = /^application\/x-www-form-urlencoded/i.test(contentType ?? '')
    ? new URLSearchParams(text).get('payload')
    : text;
  try {
    return JSON.parse(json ?? '');
  } catch {
    throw new InvalidWebhookPayloadError('Webhook payload is not valid JSON', 'body', 'is not valid JSON');
  }
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidWebhookPayloadError('Push payload is incomplete', field, 'is required');
  }
  return value;
}

/** Reads a GitHub `push` payload as a push; a deleted ref has no commit. */
export function pushFromGithub(payload: unknown): SourcePush {
  const push = (typeof payload === 'object' && payload !== null ? payload : {}) as PushPayload;
  const ref = requireString(push.ref, 'ref');
  const after = requireString(push.after, 'after');
  const deleted = push.deleted === true || ZERO_COMMIT.test(after);
  return {
    origin: 'github',
    repository: requireString(push.repository?.full_name, 'repository.full_name'),
    ...parseRef(ref),
    commitId: deleted ? undefined : after,
    deleted,
  };
}

/**
 * Everyone who wrote or pushed the commits of a push: author and committer of every commit (email
 * and `github:<username>`), the pusher and the sender (`github:<login>`, which GitHub
 * authenticates; commit emails are whatever the author's git says). Lowercase, no duplicates.
 */
export function pushIdentities(payload: unknown): string[] {
  const push = (typeof payload === 'object' && payload !== null ? payload : {}) as PushPayload;
  const commits = Array.isArray(push.commits) ? (push.commits as PushPayload['head_commit'][]) : [];
  const users = [push.head_commit, ...commits].flatMap((commit) => [commit?.author, commit?.committer]);
  const identities = [
    ...users.flatMap((user) => [
      user?.email,
      typeof user?.username === 'string' ? `github:${user.username}` : undefined,
    ]),
    push.pusher?.email,
    typeof push.pusher?.name === 'string' ? `github:${push.pusher.name}` : undefined,
    typeof push.sender?.login === 'string' ? `github:${push.sender.login}` : undefined,
  ];
  const clean = identities.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '');
  return [...new Set(clean.map((entry) => entry.trim().toLowerCase()))];
}

interface PullRequestPayload {
  action?: unknown;
  pull_request?: {
    merged?: unknown;
    merge_commit_sha?: unknown;
    merged_by?: { login?: unknown } | null;
    user?: { login?: unknown } | null;
    base?: { ref?: unknown; repo?: { full_name?: unknown } };
  };
}

/** A pull request merged on GitHub: where it went and who opened and merged it (`github:<login>`, lowercase). */
export interface MergedPullRequest {
  repository: string;
  branch: string;
  commitId: string;
  identities: string[];
}

/**
 * Reads a `pull_request` payload; undefined unless it says the pull request was closed by a merge.
 * GitHub authenticates both logins, so the opener and the merger count as the change's authors.
 */
export function mergedPullRequest(payload: unknown): MergedPullRequest | undefined {
  const event = (typeof payload === 'object' && payload !== null ? payload : {}) as PullRequestPayload;
  const pull = event.pull_request;
  if (event.action !== 'closed' || pull?.merged !== true) return undefined;
  const logins = [pull.merged_by?.login, pull.user?.login].filter(
    (login): login is string => typeof login === 'string' && login.trim() !== '',
  );
  return {
    repository: requireString(pull.base?.repo?.full_name, 'pull_request.base.repo.full_name'),
    branch: requireString(pull.base?.ref, 'pull_request.base.ref'),
    commitId: requireString(pull.merge_commit_sha, 'pull_request.merge_commit_sha'),
    identities: [...new Set(logins.map((login) => `github:${login.trim().toLowerCase()}`))],
  };
}
