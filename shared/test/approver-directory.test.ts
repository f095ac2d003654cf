import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  approvalRoleOf,
  parseApproverDirectory,
  personByArn,
  personByCommitIdentity,
  withoutRoleMarker,
} from '../src/approvals/approver-directory';

const ACCOUNT = '123456789012';
const directory = parseApproverDirectory({
  sessionBoundRoles: ['runway-prod-approver'],
  people: [
    {
      id: 'jane',
      name: 'Jane Doe',
      email: 'Jane.Doe@example.com',
      roles: ['qc', 'pmo'],
      principals: ['iam-user:jane', 'identity-center:jane.doe@example.com', 'role-session:runway-prod-approver/jane'],
      commitIdentities: ['github:JaneDoe'],
    },
    { id: 'pat', name: 'Pat', email: 'pat@example.com', roles: ['pmo'] },
  ],
});

describe('parseApproverDirectory', () => {
  it.each([
    ['no people list', {}, 'approver directory: people must be a list'],
    [
      'a person without roles',
      { people: [{ id: 'a', name: 'A', email: 'a@example.com' }] },
      'people[0].roles must name at least one role',
    ],
    [
      'a bad email',
      { people: [{ id: 'a', name: 'A', email: 'a@', roles: ['qc'] }] },
      'people[0].email must be an email address',
    ],
    [
      'an unknown principal kind',
      { people: [{ id: 'a', name: 'A', email: 'a@example.com', roles: ['qc'], principals: ['user:a'] }] },
      '"user:a" is not a principal',
    ],
    [
      'a session of a role that does not bind it',
      {
        people: [
          { id: 'a', name: 'A', email: 'a@example.com', roles: ['qc'], principals: ['role-session:admin/alice'] },
        ],
      },
      'names a session of role admin, which is not in sessionBoundRoles',
    ],
    [
      'two people with one email',
      {
        people: [
          { id: 'a', name: 'A', email: 'a@example.com', roles: ['qc'] },
          { id: 'b', name: 'B', email: 'A@example.com', roles: ['pmo'] },
        ],
      },
      'people[].email "a@example.com" belongs to both a and b',
    ],
    [
      'two people with one principal',
      {
        people: [
          { id: 'a', name: 'A', email: 'a@example.com', roles: ['qc'], principals: ['iam-user:x'] },
          { id: 'b', name: 'B', email: 'b@example.com', roles: ['pmo'], principals: ['iam-user:X'] },
        ],
      },
      'people[].principals "iam-user:x" belongs to both a and b',
    ],
  ])('refuses %s, naming the entry', (_story, raw, message) => {
    expect(() => parseApproverDirectory(raw)).toThrow(message);
  });

  it('makes packaging fail on a directory file that does not pass the check', () => {
    const { directoryJson } = require('../serverless/approver-directory.js') as {
      directoryJson: (file: string) => string;
    };
    const dir = mkdtempSync(join(tmpdir(), 'directory-'));
    const file = join(dir, 'broken.yml');
    writeFileSync(
      file,
      'people:\n  - id: a\n    name: A\n    email: a@example.com\n    roles: [qc]\n    principals: [jane]\n',
    );

    expect(() => directoryJson(relative(join(__dirname, '..', '..'), file))).toThrow('"jane" is not a principal');
  });

  it('reads the seeded files of the repository', () => {
    // Packaging applies the same check (shared/serverless/approver-directory.js).
    const { directoryJson } = require('../serverless/approver-directory.js') as {
      directoryJson: (file: string) => string;
    };
    for (const file of ['directory/default.yml', 'directory/prod.yml']) {
      expect(parseApproverDirectory(JSON.parse(directoryJson(file))).people.length).toBeGreaterThan(1);
    }
  });
});

describe('personByArn', () => {
  it.each([
    [`arn:aws:iam::${ACCOUNT}:user/jane`, 'jane'],
    [`arn:aws:iam::${ACCOUNT}:user/approvers/Jane`, 'jane'],
    [`arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Approver_0123456789abcdef/jane.doe@example.com`, 'jane'],
    [`arn:aws:sts::${ACCOUNT}:assumed-role/runway-prod-approver/jane`, 'jane'],
  ])('finds the person behind %s', (arn, id) => {
    expect(personByArn(directory, arn, ACCOUNT)).toMatchObject({ ok: true, person: { id } });
  });

  it.each([
    [
      `arn:aws:iam::${ACCOUNT}:user/mallory`,
      'iam-user:mallory (arn:aws:iam::123456789012:user/mallory) is not in the approver directory',
    ],
    [`arn:aws:iam::999999999999:user/jane`, 'is not of account 123456789012'],
    [
      `arn:aws:sts::${ACCOUNT}:assumed-role/admin/jane`,
      'is a session of role admin, whose session name is not bound to a person',
    ],
    [`arn:aws:iam::${ACCOUNT}:root`, 'is not an IAM user or role session'],
    [`arn:aws:sts::${ACCOUNT}:federated-user/jane`, 'is not an IAM user or role session'],
    ['jane', 'is not an IAM user or role session'],
  ])('finds nobody behind %s, and says why', (arn, problem) => {
    const found = personByArn(directory, arn, ACCOUNT);
    expect(found.ok).toBe(false);
    expect(found.ok ? '' : found.problem).toContain(problem);
  });
});

describe('approval roles and commit identities', () => {
  it.each([
    ['[role:qc] QC sign-off', 'qc'],
    ['  [role:pmo]PMO', 'pmo'],
    ['QC sign-off [role:qc]', undefined],
    ['[role:QC] shouting', undefined],
    [undefined, undefined],
  ])('reads the role of CustomData %p as %p', (customData, role) => {
    expect(approvalRoleOf(customData)).toBe(role);
  });

  it('shows CustomData without its marker', () => {
    expect(withoutRoleMarker('[role:qc] QC sign-off')).toBe('QC sign-off');
  });

  it('finds an author by commit identity or email, without case', () => {
    expect(personByCommitIdentity(directory, 'github:janedoe')?.id).toBe('jane');
    expect(personByCommitIdentity(directory, 'jane.doe@EXAMPLE.com')?.id).toBe('jane');
    expect(personByCommitIdentity(directory, 'someone@example.com')).toBeUndefined();
  });
});
