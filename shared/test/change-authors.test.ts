import { parseApproverDirectory } from '@shared/approvals/approver-directory';
import { authorPeople, commitLink } from '@shared/approvals/change-authors';

/** Who a change's identities are, one row per kind of identity (the rule and the review page both use it). */
const ACCOUNT = '123456789012';
const directory = parseApproverDirectory({
  people: [
    {
      id: 'jane',
      name: 'Jane Doe',
      email: 'jane.doe@example.com',
      roles: ['qc'],
      principals: ['iam-user:jane', 'identity-center:jane.doe@example.com'],
      commitIdentities: ['github:janedoe'],
    },
  ],
});

describe('authorPeople', () => {
  it.each<[string, string, string | undefined]>([
    ['the CodeCommit pusher as an IAM user', `arn:aws:iam::${ACCOUNT}:user/jane`, 'jane'],
    ['an IAM user under a path', `arn:aws:iam::${ACCOUNT}:user/developers/jane`, 'jane'],
    [
      'an Identity Center session',
      `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Dev_0123456789abcdef/jane.doe@example.com`,
      'jane',
    ],
    ['a GitHub login', 'github:janedoe', 'jane'],
    ['the person’s own email', 'Jane.Doe@example.com', 'jane'],
    ['an IAM user of another account', 'arn:aws:iam::210987654321:user/jane', undefined],
    ['a role session whose name the caller chooses', `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/jane`, undefined],
    ['an address in no entry', 'jane@home.example', undefined],
  ])('%s → %s', (_story, identity, expected) => {
    const { people, strangers } = authorPeople(directory, [identity], ACCOUNT);

    expect(people.map((person) => person.id)[0]).toBe(expected);
    expect(strangers).toEqual(expected === undefined ? [identity] : []);
  });

  it('counts a person once however many of their identities pushed', () => {
    const { people } = authorPeople(directory, [`arn:aws:iam::${ACCOUNT}:user/jane`, 'github:janedoe'], ACCOUNT);

    expect(people.map((person) => person.id)).toEqual(['jane']);
  });
});

describe('commitLink', () => {
  const commit = '5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f';

  it.each<[string, string, string, string | undefined]>([
    [
      'a CodeCommit commit',
      'CodeCommit',
      'runway-app',
      `https://eu-west-1.console.aws.amazon.com/codesuite/codecommit/repositories/runway-app/commit/${commit}?region=eu-west-1`,
    ],
    [
      'a GitHub commit',
      'CodeStarSourceConnection',
      'example-org/runway-app',
      `https://github.com/example-org/runway-app/commit/${commit}`,
    ],
    ['a repository name that is not plain', 'CodeStarSourceConnection', 'evil.example/"><script>', undefined],
    ['another provider', 'S3', 'bucket', undefined],
  ])('for %s', (_story, provider, repository, expected) => {
    expect(commitLink(provider, repository, commit, 'eu-west-1')).toBe(expected);
  });
});
