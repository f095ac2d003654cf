/**
 * The site's hosting, read from metrics-api's packaged templates: a private bucket that only the
 * stage's CloudFront distribution reads, logs kept apart, finch limited to uploading, and the
 * API's CORS origin set to that distribution.
 */
import { packagedTemplate } from '../../../test-support/packaged-templates';
import { readServiceConfig } from '../../../test-support/serverless-config';
import { type Json, type JsonObject, type TemplateView, templateView } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 180_000;
const views: Record<string, TemplateView> = {};

beforeAll(async () => {
  for (const stage of ['dev', 'prod']) views[stage] = templateView(await packagedTemplate('metrics-api', stage));
}, PACKAGING_TIMEOUT);

const props = (stage: string, logicalId: string): JsonObject => {
  const view = views[stage];
  if (!view) throw new Error(`${stage} was not packaged`);
  return view.resource(logicalId).Properties;
};
const object = (value: Json | undefined) => (value ?? {}) as JsonObject;
// CloudFormation Fn::Sub strings, not JavaScript templates.
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Fn::Sub reference.
const DISTRIBUTION_REF = '${SiteDistribution}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Fn::Sub reference.
const SITE_URL = 'https://${SiteDistribution.DomainName}';
const statementsOf = (stage: string, policy: string) =>
  object(props(stage, policy).PolicyDocument).Statement as JsonObject[];

describe.each(['dev', 'prod'])('the site of %s', (stage) => {
  const distribution = () => object(props(stage, 'SiteDistribution').DistributionConfig);

  it('keeps the bucket private and encrypted, with ACLs disabled', () => {
    const bucket = props(stage, 'SiteBucket');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('AES256');
  });

  it('lets only this distribution read it, through origin access control, and only over TLS', () => {
    const [origin] = distribution().Origins as JsonObject[];
    expect(origin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': ['SiteOriginAccessControl', 'Id'] });
    const statements = statementsOf(stage, 'SiteBucketPolicy');
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
    });
    expect(JSON.stringify(object(allows[0]?.Condition))).toContain(DISTRIBUTION_REF);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(object(distribution().DefaultCacheBehavior).ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  it("logs CloudFront's requests and the bucket's access to a separate bucket that CloudFront can write", () => {
    expect(distribution().Logging).toMatchObject({
      Bucket: { 'Fn::GetAtt': ['SiteLogBucket', 'DomainName'] },
      IncludeCookies: false,
    });
    expect(props(stage, 'SiteBucket').LoggingConfiguration).toMatchObject({
      DestinationBucketName: { Ref: 'SiteLogBucket' },
    });
    const logs = props(stage, 'SiteLogBucket');
    // CloudFront standard logging writes through ACLs: BucketOwnerEnforced would refuse it.
    expect(logs.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] });
    expect(object(logs.PublicAccessBlockConfiguration).BlockPublicAcls).toBe(true);
    expect(JSON.stringify(logs.LifecycleConfiguration)).toContain('ExpirationInDays');
  });

  it("allows the distribution's own URL as the API's CORS origin", () => {
    const cors = object(props(stage, 'HttpApi').CorsConfiguration);
    expect(cors.AllowOrigins).toContainEqual({ 'Fn::Sub': SITE_URL });
    expect(cors.AllowOrigins).not.toContain('*');
  });
});

it('lets serverless-finch upload the site but manage no bucket of its own', () => {
  const config = readServiceConfig('metrics-api') as unknown as { custom: { client: JsonObject } };
  expect(config.custom.client).toMatchObject({ manageResources: false, distributionFolder: '../../site/dist' });
});
