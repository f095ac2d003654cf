/**
 * The approver directory: who may approve in one stage, read by approval-gateway
 * (whom to mail, who may decide) and by pipeline-triggers' two-person rule (who
 * approved). It is a reviewed file in the repository (`directory/<stage>.yml`),
 * checked with {@link parseApproverDirectory} when a service is packaged and
 * delivered to the functions as one SSM parameter.
 *
 * Kept free of other imports: the packaging step loads this module on its own.
 */

/** How a person signs in to the AWS console, as CodePipeline's `updatedBy` shows it. */
export type Principal =
  /** An IAM user of the account: `arn:aws:iam::<account>:user/<path>/<name>`. */
  | { kind: 'iam-user'; name: string }
  /**
   * An IAM Identity Center user: `assumed-role/AWSReservedSSO_<set>_<id>/<user name>`.
   * Identity Center sets the session name itself; the user cannot choose it.
   */
  | { kind: 'identity-center'; userName: string }
  /** A session of a role whose trust policy binds the session name to the person. */
  | { kind: 'role-session'; role: string; session: string };

export interface Person {
  id: string;
  name: string;
  email: string;
  /** `qc`, `pmo`, `stakeholder`...: which approval actions this person answers. */
  roles: string[];
  principals: Principal[];
  /** Commit author / pusher identities (email addresses, `github:<login>`): no approving one's own change. */
  commitIdentities: string[];
}

export interface ApproverDirectory {
  people: Person[];
  /** Roles whose trust policy binds the session name (sts:RoleSessionName / sts:SourceIdentity conditions). */
  sessionBoundRoles: string[];
}

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const ROLE = /^[a-z][a-z0-9-]{0,31}$/;
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;
/** Deliberately simple: one @, no spaces or characters that could break out of a header or page. */
const EMAIL = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

const lower = (value: string) => value.trim().toLowerCase();

class DirectoryError extends Error {
  override name = 'DirectoryError';
}

function fail(where: string, problem: string): never {
  throw new DirectoryError(`approver directory: ${where} ${problem}`);
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    fail(where, 'must be a list of strings');
  }
  return value.map((entry) => entry.trim());
}

/** `iam-user:jane`, `identity-center:jane@example.com`, `role-session:<role>/<session>`. */
export function parsePrincipal(text: string, where: string): Principal {
  const [kind = '', ...rest] = text.split(':');
  const value = rest.join(':');
  if (kind === 'iam-user' && IAM_NAME.test(value)) return { kind, name: value };
  if (kind === 'identity-center' && IAM_NAME.test(value)) return { kind, userName: value };
  if (kind === 'role-session') {
    const [role = '', session = '', ...more] = value.split('/');
    if (more.length === 0 && IAM_NAME.test(role) && /^[\w+=,.@-]{2,64}$/.test(session)) {
      return { kind, role, session };
    }
  }
  return fail(
    where,
    `"${text}" is not a principal: use iam-user:<name>, identity-center:<user name> or role-session:<role>/<session>`,
  );
}

export const principalText = (principal: Principal): string =>
  principal.kind === 'iam-user'
    ? `iam-user:${principal.name}`
    : principal.kind === 'identity-center'
      ? `identity-center:${principal.userName}`
      : `role-session:${principal.role}/${principal.session}`;

function parseRoles(value: unknown, where: string): string[] {
  const roles = stringList(value, where);
  if (roles.length === 0) fail(where, 'must name at least one role');
  for (const role of roles) if (!ROLE.test(role)) fail(where, `"${role}" is not a role name ([a-z0-9-])`);
  return roles;
}

function parsePrincipals(value: unknown, where: string, sessionBoundRoles: string[]): Principal[] {
  const principals = stringList(value, where).map((text) => parsePrincipal(text, where));
  for (const principal of principals) {
    if (principal.kind === 'role-session' && !sessionBoundRoles.includes(principal.role)) {
      fail(
        where,
        `names a session of role ${principal.role}, which is not in sessionBoundRoles: anyone who may assume it picks the session name`,
      );
    }
  }
  return principals;
}

function parsePerson(raw: unknown, index: number, sessionBoundRoles: string[]): Person {
  const where = `people[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(where, 'must be an object');
  const entry = raw as Record<string, unknown>;
  const { id, name, email } = entry;
  if (typeof id !== 'string' || !ID.test(id)) fail(`${where}.id`, 'must be a lowercase id ([a-z0-9._-])');
  if (typeof name !== 'string' || name.trim() === '') fail(`${where}.name`, 'must be a display name');
  if (typeof email !== 'string' || !isEmailAddress(email.trim())) fail(`${where}.email`, 'must be an email address');
  return {
    id,
    name: name.trim(),
    email: email.trim(),
    roles: parseRoles(entry.roles, `${where}.roles`),
    principals: parsePrincipals(entry.principals, `${where}.principals`, sessionBoundRoles),
    commitIdentities: stringList(entry.commitIdentities, `${where}.commitIdentities`).map(lower),
  };
}

function assertUnique(people: Person[], label: string, keysOf: (person: Person) => string[]): void {
  const owner = new Map<string, string>();
  for (const person of people) {
    for (const key of keysOf(person)) {
      const other = owner.get(key);
      if (other !== undefined && other !== person.id) fail(label, `"${key}" belongs to both ${other} and ${person.id}`);
      owner.set(key, person.id);
    }
  }
}

/**
 * Checks a directory (the parsed YAML or JSON) and returns it normalised.
 * Throws a message naming the entry and the problem; an id, email or principal
 * that two people share is refused, since the rule must tell people apart.
 */
export function parseApproverDirectory(raw: unknown): ApproverDirectory {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('', 'must be an object with `people`');
  const document = raw as Record<string, unknown>;
  const sessionBoundRoles = stringList(document.sessionBoundRoles, 'sessionBoundRoles');
  if (!Array.isArray(document.people)) fail('people', 'must be a list');
  const people = document.people.map((entry, index) => parsePerson(entry, index, sessionBoundRoles));
  assertUnique(people, 'people[].id', (person) => [person.id]);
  assertUnique(people, 'people[].email', (person) => [lower(person.email)]);
  assertUnique(people, 'people[].principals', (person) => person.principals.map((p) => lower(principalText(p))));
  assertUnique(people, 'people[].commitIdentities', (person) => person.commitIdentities);
  return { people, sessionBoundRoles };
}

// ---- Looking people up ------------------------------------------------------------------------

export function personByEmail(directory: ApproverDirectory, email: string): Person | undefined {
  const wanted = lower(email);
  return directory.people.find((person) => lower(person.email) === wanted);
}

export function peopleWithRole(directory: ApproverDirectory, role: string): Person[] {
  return directory.people.filter((person) => person.roles.includes(role));
}

/** Who a commit identity (author or committer email, `github:<login>`) is, if anyone in the directory. */
export function personByCommitIdentity(directory: ApproverDirectory, identity: string): Person | undefined {
  const wanted = lower(identity);
  return directory.people.find((person) => person.commitIdentities.includes(wanted) || lower(person.email) === wanted);
}

const ARN = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}):(.+)$/;
const IDENTITY_CENTER_ROLE = /^AWSReservedSSO_.+_[0-9a-f]{16}$/;

/** What an `updatedBy` ARN says, before the directory is asked. */
export type ArnIdentity =
  | { kind: 'principal'; account: string; principal: Principal }
  | { kind: 'assumed-role'; account: string; role: string; session: string }
  | { kind: 'other'; account?: string };

export function readArn(arn: string): ArnIdentity {
  const match = ARN.exec(arn);
  if (!match) return { kind: 'other' };
  const [, service, account = '', resource = ''] = match;
  if (service === 'iam') {
    const user = /^user\/(?:.*\/)?([^/]+)$/.exec(resource)?.[1];
    return user
      ? { kind: 'principal', account, principal: { kind: 'iam-user', name: user } }
      : { kind: 'other', account };
  }
  const assumed = /^assumed-role\/([^/]+)\/(.+)$/.exec(resource);
  if (!assumed?.[1] || !assumed[2]) return { kind: 'other', account };
  const [, role, session] = assumed;
  if (IDENTITY_CENTER_ROLE.test(role)) {
    return { kind: 'principal', account, principal: { kind: 'identity-center', userName: session } };
  }
  return { kind: 'assumed-role', account, role, session };
}

const samePrincipal = (a: Principal, b: Principal) => lower(principalText(a)) === lower(principalText(b));

export type PrincipalLookup = { ok: true; person: Person } | { ok: false; problem: string };

/**
 * The directory person behind a console approval's `updatedBy`, or why there
 * is none: another account, a root or federated user, a role whose session
 * name the caller chooses, or a principal nobody in the directory has.
 */
export function personByArn(directory: ApproverDirectory, arn: string, account: string): PrincipalLookup {
  const identity = readArn(arn);
  if (identity.kind === 'other') return { ok: false, problem: `${arn} is not an IAM user or role session` };
  if (identity.account !== account) return { ok: false, problem: `${arn} is not of account ${account}` };
  let principal: Principal;
  if (identity.kind === 'principal') principal = identity.principal;
  else if (directory.sessionBoundRoles.includes(identity.role)) {
    principal = { kind: 'role-session', role: identity.role, session: identity.session };
  } else {
    return {
      ok: false,
      problem: `${arn} is a session of role ${identity.role}, whose session name is not bound to a person`,
    };
  }
  const person = directory.people.find((candidate) =>
    candidate.principals.some((known) => samePrincipal(known, principal)),
  );
  return person
    ? { ok: true, person }
    : { ok: false, problem: `${principalText(principal)} (${arn}) is not in the approver directory` };
}

/**
 * Who an author identity of a change is: an IAM principal's ARN (the CodeCommit pusher's
 * `callerUserArn`) resolves as a console approval's `updatedBy` does; an email or
 * `github:<login>` through `commitIdentities` and the person's email. Undefined: nobody the
 * directory knows (who then cannot approve either).
 */
export function personByAuthorIdentity(
  directory: ApproverDirectory,
  identity: string,
  account: string,
): Person | undefined {
  if (identity.startsWith('arn:')) {
    const found = personByArn(directory, identity, account);
    return found.ok ? found.person : undefined;
  }
  return personByCommitIdentity(directory, identity);
}

// ---- Which role answers an approval action ----------------------------------------------------

/** An approval action's CustomData starts with `[role:qc]`: the role whose people answer it. */
const ROLE_MARKER = /^\s*\[role:([a-z][a-z0-9-]{0,31})\]\s*/;

/** The role an approval action asks for, from its CustomData; undefined when it names none. */
export function approvalRoleOf(customData: string | undefined): string | undefined {
  return customData === undefined ? undefined : ROLE_MARKER.exec(customData)?.[1];
}

/** CustomData without its role marker, for people to read. */
export function withoutRoleMarker(customData: string): string {
  return customData.replace(ROLE_MARKER, '');
}

/** `[role:qc] text`: how a pipeline definition writes an approval's CustomData. */
export const customDataFor = (role: string, text: string) => `[role:${role}] ${text}`;

/** The directory in the form {@link parseApproverDirectory} reads (principals as text): what the SSM parameter holds. */
export function directoryDocument(directory: ApproverDirectory): unknown {
  return {
    sessionBoundRoles: directory.sessionBoundRoles,
    people: directory.people.map((person) => ({ ...person, principals: person.principals.map(principalText) })),
  };
}
