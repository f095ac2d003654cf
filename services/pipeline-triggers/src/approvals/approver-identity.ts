/** One person behind an approval: `key` compares people, `display` names them in messages. */
export interface Person {
  key: string;
  display: string;
}

const PARTITION = 'arn:aws[a-z-]*';
const ACCOUNT = '\\d{12}';
const PATTERNS: RegExp[] = [
  // An assumed role: the session name is the person (Identity Center and most SSO setups put the user name there).
  new RegExp(`^${PARTITION}:sts::${ACCOUNT}:assumed-role/[^/]+/(.+)$`),
  // An IAM user, with or without a path.
  new RegExp(`^${PARTITION}:iam::${ACCOUNT}:user/(?:.*/)?([^/]+)$`),
  new RegExp(`^${PARTITION}:sts::${ACCOUNT}:federated-user/(.+)$`),
];
const ROOT = new RegExp(`^${PARTITION}:iam::(${ACCOUNT}):root$`);

/** A person from a name or email, compared without case (email addresses are case-insensitive in practice). */
export function person(name: string): Person {
  const display = name.trim();
  return { key: display.toLowerCase(), display };
}

/**
 * The person behind a CodePipeline `updatedBy` ARN. The same person through
 * two roles (`assumed-role/qc-approver/jane`, `assumed-role/pmo-approver/jane`)
 * or as an IAM user named `jane` is one person.
 */
export function personFromArn(arn: string): Person {
  for (const pattern of PATTERNS) {
    const name = pattern.exec(arn)?.[1];
    if (name) return person(name);
  }
  const account = ROOT.exec(arn)?.[1];
  return account ? person(`root of account ${account}`) : person(arn);
}

/** The role name of an assumed-role ARN, if it is one. */
export function assumedRoleName(arn: string): string | undefined {
  return new RegExp(`^${PARTITION}:sts::${ACCOUNT}:assumed-role/([^/]+)/`).exec(arn)?.[1];
}
