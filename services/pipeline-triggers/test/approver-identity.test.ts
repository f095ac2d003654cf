import { personFromArn } from '../src/approvals/approver-identity';

describe('personFromArn', () => {
  it.each([
    [
      'an assumed role: the session name',
      'arn:aws:sts::123456789012:assumed-role/runway-qc-approver/jane.doe@example.com',
      'jane.doe@example.com',
    ],
    [
      'an Identity Center role',
      'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Approver_0123abcd/Jane.Doe@example.com',
      'jane.doe@example.com',
    ],
    ['an IAM user', 'arn:aws:iam::123456789012:user/jane.doe@example.com', 'jane.doe@example.com'],
    [
      'an IAM user with a path',
      'arn:aws:iam::123456789012:user/approvers/qc/jane.doe@example.com',
      'jane.doe@example.com',
    ],
    ['a federated user', 'arn:aws:sts::123456789012:federated-user/jane.doe@example.com', 'jane.doe@example.com'],
    [
      'another partition',
      'arn:aws-us-gov:sts::123456789012:assumed-role/approver/jane.doe@example.com',
      'jane.doe@example.com',
    ],
    ['the account root', 'arn:aws:iam::123456789012:root', 'root of account 123456789012'],
    ['anything else, as written', 'Jane Doe', 'jane doe'],
  ])('reads %s', (_story, arn, key) => {
    expect(personFromArn(arn).key).toBe(key);
  });

  it('makes the same person through two roles one person', () => {
    const qc = personFromArn('arn:aws:sts::123456789012:assumed-role/runway-qc-approver/jane.doe@example.com');
    const pmo = personFromArn('arn:aws:sts::123456789012:assumed-role/runway-pmo-approver/jane.doe@example.com');

    expect(qc.key).toBe(pmo.key);
  });

  it('keeps different sessions of one role apart', () => {
    const jane = personFromArn('arn:aws:sts::123456789012:assumed-role/runway-approver/jane.doe@example.com');
    const john = personFromArn('arn:aws:sts::123456789012:assumed-role/runway-approver/john.roe@example.com');

    expect(jane.key).not.toBe(john.key);
  });
});
