import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { type AwsRecorder, startAwsRecorder } from '@test-support/aws-recorder';
import { cognitoPeople } from '../src/weeks/cognito-people';

const POOL = 'us-east-1_AbCdEf123';

/** A user as ListUsersInGroup returns it (JSON protocol, dates in epoch seconds). */
function user(sub: string, name: string | undefined, enabled = true) {
  return {
    Username: sub,
    Enabled: enabled,
    UserStatus: 'CONFIRMED',
    UserCreateDate: 1_795_000_000,
    UserLastModifiedDate: 1_795_000_000,
    Attributes: [
      { Name: 'sub', Value: sub },
      { Name: 'email', Value: `${sub}@example.com` },
      ...(name === undefined ? [] : [{ Name: 'name', Value: name }]),
    ],
  };
}

describe('people from the Cognito user pool', () => {
  let recorder: AwsRecorder;
  let client: CognitoIdentityProviderClient;

  beforeAll(async () => {
    recorder = await startAwsRecorder();
    client = new CognitoIdentityProviderClient({
      endpoint: recorder.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await recorder.close();
  });
  beforeEach(() => recorder.reset());

  test('engineers are the enabled members of the engineers group, read page by page', async () => {
    recorder.respondOnce('ListUsersInGroup', { body: { Users: [user('e1', 'Mary Major')], NextToken: 'page-2' } });
    recorder.respondOnce('ListUsersInGroup', { body: { Users: [user('e2', undefined), user('e3', 'Gone', false)] } });

    const engineers = await cognitoPeople(client, POOL).listEngineers();

    expect(engineers).toEqual([
      { id: 'e1', email: 'e1@example.com', name: 'Mary Major' },
      { id: 'e2', email: 'e2@example.com', name: 'e2@example.com' },
    ]);
    expect(recorder.callsTo('ListUsersInGroup').map((call) => call.body)).toEqual([
      { UserPoolId: POOL, GroupName: 'engineers', Limit: 60 },
      { UserPoolId: POOL, GroupName: 'engineers', Limit: 60, NextToken: 'page-2' },
    ]);
  });

  test("an engineer's managers are the managers group, never the engineer themself", async () => {
    recorder.respond('ListUsersInGroup', {
      body: { Users: [user('m1', 'Paulo'), user('e1', 'Mary, also a manager')] },
    });

    const managers = await cognitoPeople(client, POOL).managersOf('e1');

    expect(managers.map((manager) => manager.id)).toEqual(['m1']);
    expect(recorder.callsTo('ListUsersInGroup')[0]?.body).toMatchObject({ GroupName: 'managers' });
  });
});
