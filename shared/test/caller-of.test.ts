import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { loadEvent } from '../../test-support/events';
import { callerOf, groupsOf } from '../src/auth/caller-of';
import type { HttpEvent } from '../src/http/http-handler';

type SignedInEvent = HttpEvent<unknown> & {
  requestContext: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};

function signedIn(): SignedInEvent {
  return loadEvent<APIGatewayProxyEventV2>('apigw', 'get-activities-signed-in') as unknown as SignedInEvent;
}

function claims(event: SignedInEvent): Record<string, unknown> {
  const found = event.requestContext.authorizer?.jwt?.claims;
  if (!found) throw new Error('the fixture has no claims');
  return found;
}

describe('callerOf', () => {
  it("reads the caller from the API Gateway authorizer's claims", () => {
    expect(callerOf(signedIn())).toEqual({
      id: 'a4f8e4b2-50c1-7054-1f5e-9f0e4d7c3a21',
      email: 'mary.major@example.com',
      name: 'Mary Major',
      roles: ['engineer', 'manager'],
    });
  });

  it('reads groups from a verified token, where they are a JSON array', () => {
    const event = signedIn();
    claims(event)['cognito:groups'] = ['engineers'];

    expect(callerOf(event).roles).toEqual(['engineer']);
  });

  it('gives no role for unknown groups or none', () => {
    const event = signedIn();
    claims(event)['cognito:groups'] = '[auditors]';
    const none = signedIn();
    delete claims(none)['cognito:groups'];

    expect(callerOf(event).roles).toEqual([]);
    expect(callerOf(none).roles).toEqual([]);
  });

  it('falls back to the email when the token has no name', () => {
    const event = signedIn();
    delete claims(event).name;

    expect(callerOf(event).name).toBe('mary.major@example.com');
  });

  it('refuses a Cognito access token, which API Gateway lets through but which names nobody', () => {
    const event = signedIn();
    claims(event).token_use = 'access';

    expect(() => callerOf(event)).toThrow(
      expect.objectContaining({
        statusCode: 401,
        errors: [{ field: 'Authorization', problem: 'must be the ID token, not the access token' }],
      }),
    );
  });

  it.each([
    ['no authorizer', (event: SignedInEvent) => delete event.requestContext.authorizer],
    ['no sub', (event: SignedInEvent) => delete claims(event).sub],
  ])('answers 401 naming Authorization when there is %s', (_case, change) => {
    const event = signedIn();
    change(event);

    expect(() => callerOf(event)).toThrow(
      expect.objectContaining({ statusCode: 401, errors: [expect.objectContaining({ field: 'Authorization' })] }),
    );
  });
});

describe('groupsOf', () => {
  it.each([
    ['[engineers managers]', ['engineers', 'managers']],
    ['[engineers]', ['engineers']],
    ['engineers', ['engineers']],
    ['[]', []],
  ])('reads %j', (value, expected) => {
    expect(groupsOf(value)).toEqual(expected);
  });
});
