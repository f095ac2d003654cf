/**
 * Sign-in as metrics-api's packaged templates declare it: a JWT authorizer on every route but
 * preflight, trusting the stage's Cognito pool and the site's client; the pool's stage
 * differences; one CORS definition read by the API and the functions alike.
 */
import { packagedTemplate } from '../../../test-support/packaged-templates';
import type { Json, JsonObject, Template } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 180_000;
const templates: Record<string, Template> = {};

beforeAll(async () => {
  for (const stage of ['dev', 'prod']) templates[stage] = await packagedTemplate('metrics-api', stage);
}, PACKAGING_TIMEOUT);

const resources = (stage: string) => {
  const template = templates[stage];
  if (!template) throw new Error(`${stage} was not packaged`);
  return template.Resources;
};
const props = (stage: string, logicalId: string): JsonObject => {
  const resource = resources(stage)[logicalId];
  if (!resource) throw new Error(`${stage} has no ${logicalId}`);
  return (resource.Properties ?? {}) as JsonObject;
};
const ofType = (stage: string, type: string) =>
  Object.entries(resources(stage)).filter(([, resource]) => resource.Type === type);
const object = (value: Json | undefined) => (value ?? {}) as JsonObject;

describe.each(['dev', 'prod'])('sign-in in %s', (stage) => {
  it('puts the JWT authorizer on every route; only preflight, answered by the API itself, has none', () => {
    const routes = ofType(stage, 'AWS::ApiGatewayV2::Route');
    const [authorizerId] = ofType(stage, 'AWS::ApiGatewayV2::Authorizer').map(([logicalId]) => logicalId);

    expect(routes.length).toBeGreaterThanOrEqual(7);
    for (const [logicalId, route] of routes) {
      const properties = object(route.Properties as Json);
      expect({ logicalId, type: properties.AuthorizationType, id: properties.AuthorizerId }).toEqual({
        logicalId,
        type: 'JWT',
        id: { Ref: authorizerId },
      });
      expect(String(properties.RouteKey)).not.toMatch(/^OPTIONS /);
    }
    expect(object(props(stage, 'HttpApi').CorsConfiguration).AllowMethods).toContain('OPTIONS');
  });

  it("trusts the stage's user pool as issuer and the site's client as audience", () => {
    const [[, authorizer] = []] = ofType(stage, 'AWS::ApiGatewayV2::Authorizer');
    const properties = object(authorizer?.Properties as Json);

    expect(properties.AuthorizerType).toBe('JWT');
    expect(properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(properties.JwtConfiguration).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Fn::Sub string.
      Issuer: { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}' },
      Audience: [{ Ref: 'SiteClient' }],
    });
  });

  it('lets only administrators create people, with a password policy and optional TOTP', () => {
    const pool = props(stage, 'UserPool');

    expect(pool.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(pool.UsernameAttributes).toEqual(['email']);
    expect(object(object(pool.Policies).PasswordPolicy).MinimumLength).toBeGreaterThanOrEqual(12);
    expect(pool.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    const groups = ofType(stage, 'AWS::Cognito::UserPoolGroup').map(([, group]) => object(group.Properties as Json));
    expect(groups.map((group) => group.GroupName).sort()).toEqual(['engineers', 'managers']);
  });

  it('gives the site a public client: code flow with PKCE, no secret, back to the site only', () => {
    const client = props(stage, 'SiteClient');

    expect(client).toMatchObject({ GenerateSecret: false, AllowedOAuthFlows: ['code'] });
    expect(client.CallbackURLs).toContainEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Fn::Sub string.
      'Fn::Sub': 'https://${SiteDistribution.DomainName}/callback.html',
    });
    expect(props(stage, 'SignInDomain').ManagedLoginVersion).toBe(2);
  });

  it('adds Authorization to the one CORS definition the API and the functions both read', () => {
    const cors = object(props(stage, 'HttpApi').CorsConfiguration);
    const functions = ofType(stage, 'AWS::Lambda::Function').map(([, fn]) => object(fn.Properties as Json));

    expect(cors.AllowHeaders).toContain('Authorization');
    for (const fn of functions) {
      const variables = object(object(fn.Environment).Variables);
      expect(variables.CORS_ALLOWED_HEADERS).toBe((cors.AllowHeaders as string[]).join(','));
      expect(variables.CORS_EXPOSED_HEADERS).toBe((cors.ExposeHeaders as string[]).join(','));
    }
  });

  it("indexes one engineer's records by their user id", () => {
    const indexes = props(stage, 'ActivitiesTable').GlobalSecondaryIndexes as JsonObject[];

    expect(indexes).toContainEqual(
      expect.objectContaining({
        IndexName: 'byEngineerId',
        KeySchema: [
          { AttributeName: 'engineerId', KeyType: 'HASH' },
          { AttributeName: 'sortKey', KeyType: 'RANGE' },
        ],
      }),
    );
  });

  it('gives the week functions the sign-in pool as their people directory, and lists only its groups', () => {
    for (const name of ['WeekSubmit', 'WeekList', 'OnReminderSchedule']) {
      const variables = object(object(props(stage, `${name}LambdaFunction`).Environment).Variables);
      expect({ name, pool: variables.USER_POOL_ID, local: variables.LOCAL_PEOPLE }).toEqual({
        name,
        pool: { Ref: 'UserPool' },
        local: '',
      });
      const policies = props(stage, `${name}IamRoleLambdaExecution`).Policies as JsonObject[];
      const statements = policies.flatMap((policy) => object(policy.PolicyDocument).Statement as JsonObject[]);
      const listing = statements.filter((statement) => JSON.stringify(statement.Action).includes('cognito-idp:'));
      expect(listing).toEqual([
        expect.objectContaining({
          Action: ['cognito-idp:ListUsersInGroup'],
          Resource: { 'Fn::GetAtt': ['UserPool', 'Arn'] },
        }),
      ]);
    }
  });
});

it('protects the user pool from deletion in prod only, and sends sign-ins to localhost only outside prod', () => {
  expect(props('prod', 'UserPool').DeletionProtection).toBe('ACTIVE');
  expect(props('dev', 'UserPool').DeletionProtection).toBe('INACTIVE');
  expect(resources('prod').UserPool?.DeletionPolicy).toBe('Retain');
  expect(props('dev', 'SiteClient').CallbackURLs).toContain('http://localhost:8080/callback.html');
  expect(JSON.stringify(props('prod', 'SiteClient').CallbackURLs)).not.toContain('localhost');
  expect(JSON.stringify(props('prod', 'SiteClient').LogoutURLs)).not.toContain('localhost');
});
