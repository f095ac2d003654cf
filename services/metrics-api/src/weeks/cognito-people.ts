import {
  type CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { People, Person } from './people';

export const ENGINEERS_GROUP = 'engineers';
export const MANAGERS_GROUP = 'managers';

function toPerson(user: UserType): Person | undefined {
  const attributes = new Map((user.Attributes ?? []).map((attribute) => [attribute.Name, attribute.Value]));
  const id = attributes.get('sub');
  const email = attributes.get('email');
  if (id === undefined || email === undefined || user.Enabled === false) return undefined;
  return { id, email, name: attributes.get('name') ?? email };
}

/** The people of the organisation's Cognito user pool, by group (engineers, managers). */
export function cognitoPeople(client: CognitoIdentityProviderClient, userPoolId: string): People {
  async function inGroup(group: string): Promise<Person[]> {
    const people: Person[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: group, Limit: 60, NextToken: nextToken }),
      );
      for (const user of page.Users ?? []) {
        const person = toPerson(user);
        if (person !== undefined) people.push(person);
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return people;
  }
  return {
    listEngineers: () => inGroup(ENGINEERS_GROUP),
    // The pool has no reporting lines: every manager (but the engineer themself) decides every week.
    managersOf: async (engineerId) => (await inGroup(MANAGERS_GROUP)).filter((manager) => manager.id !== engineerId),
  };
}
