/**
 * Who a person is (email, name) is set by an administrator, never by the person: the site's app
 * client of the packaged templates may not write those attributes with a user's own token.
 */
import { packagedTemplate } from '../../../test-support/packaged-templates';
import type { JsonObject, Template } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 180_000;
const templates: Record<string, Template> = {};

beforeAll(async () => {
  for (const stage of ['dev', 'prod']) templates[stage] = await packagedTemplate('metrics-api', stage);
}, PACKAGING_TIMEOUT);

describe.each(['dev', 'prod'])('the user pool clients in %s', (stage) => {
  const clients = () =>
    Object.entries(templates[stage]?.Resources ?? {}).filter(
      ([, resource]) => resource.Type === 'AWS::Cognito::UserPoolClient',
    );

  it('name the attributes users may write themselves, and email and name are not among them', () => {
    expect(clients().length).toBeGreaterThan(0);
    for (const [logicalId, client] of clients()) {
      const writable = (client.Properties as JsonObject).WriteAttributes;
      // Left out (or empty), Cognito lets users write every standard attribute.
      expect({ logicalId, listed: Array.isArray(writable) && writable.length > 0 }).toEqual({
        logicalId,
        listed: true,
      });
      expect(writable).not.toContain('email');
      expect(writable).not.toContain('name');
    }
  });
});
