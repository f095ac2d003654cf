/**
 * The wiring between services, read from serverless-compose.yml and the packaged prod templates:
 * every value compose passes is an output its source's template declares and has a default in its
 * target, no two services wait for each other's outputs, and an image flows Image Builder pipeline
 * → image events topic (delivery-platform) → onImageBuilt → AMI pipeline.
 */
import { packagedTemplate } from '../../../test-support/packaged-templates';
import { composeOutput, readComposeConfig, readServiceConfig } from '../../../test-support/serverless-config';
import { type JsonObject, type Template, templateView } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 240_000;
const compose = readComposeConfig();
const templates: Record<string, Template> = {};

const composeParams = Object.entries(compose.services).flatMap(([target, { params }]) =>
  Object.entries(params ?? {}).map(([param, value]) => ({ target, param, value })),
);

beforeAll(async () => {
  const services = new Set(['pipeline-triggers', 'image-pipeline-starter', 'delivery-platform']);
  for (const { value } of composeParams) services.add(composeOutput(value)?.service ?? 'pipeline-triggers');
  for (const service of services) templates[service] = await packagedTemplate(service, 'prod');
}, PACKAGING_TIMEOUT);

const template = (service: string): Template => {
  const found = templates[service];
  if (!found) throw new Error(`${service} was not packaged`);
  return found;
};

describe('compose params', () => {
  it.each(composeParams)('passes $target.$param from an output that exists', ({ value }) => {
    const source = composeOutput(value);
    expect(source).toBeDefined();
    expect(Object.keys(template(source?.service ?? '').Outputs ?? {})).toContain(source?.output);
  });

  it('never make two services wait for each other (no cycle of outputs)', () => {
    const producers = new Map(Object.keys(compose.services).map((service) => [service, new Set<string>()]));
    for (const { target, value } of composeParams) {
      const source = composeOutput(value);
      if (source) producers.get(target)?.add(source.service);
    }
    // Removes the services whose producers are all removed, wave by wave; what stays is a cycle.
    const waiting = new Map(producers);
    for (let wave = waiting.size; wave > 0; wave--) {
      for (const [service, from] of waiting) {
        if ([...from].every((producer) => !waiting.has(producer))) waiting.delete(service);
      }
    }
    expect([...waiting.keys()]).toEqual([]);
    // The split's own edges: the platform gives, and takes nothing.
    expect(producers.get('delivery-platform')).toEqual(new Set());
    expect(producers.get('image-pipeline-starter')).toEqual(new Set(['delivery-platform']));
    expect(producers.get('image-pipeline-starter')?.has('pipeline-triggers')).toBe(false);
  });

  it.each(composeParams)('gives $target.$param a default so the service packages alone', ({ target, param }) => {
    const service = compose.services[target]?.path.split('/').pop() ?? target;
    expect(readServiceConfig(service).params?.default).toHaveProperty(param);
  });
});

describe('an image on its way to the pipelines', () => {
  const imagePipelines = () =>
    templateView(template('image-pipeline-starter'))
      .ofType('AWS::ImageBuilder::ImagePipeline')
      .map((id) => String(template('image-pipeline-starter').Resources[id]?.Properties?.Name));

  const targets = () => {
    const triggers = templateView(template('pipeline-triggers'));
    const variables = (triggers.resource('OnImageBuiltLambdaFunction').Properties.Environment as JsonObject)
      .Variables as JsonObject;
    return new Map(
      String(variables.IMAGE_PIPELINE_TARGETS)
        .split(',')
        .map((pair) => pair.split('=') as [string, string]),
    );
  };

  it('is built by image pipelines that onImageBuilt maps to a pipeline, both tracks', () => {
    expect(imagePipelines().sort()).toEqual([...targets().keys()].sort());
  });

  it('is announced on the topic onImageBuilt subscribes to', () => {
    const infrastructure = templateView(template('image-pipeline-starter')).resource('ImageInfrastructure').Properties;
    const triggers = templateView(template('pipeline-triggers'));
    const platform = templateView(template('delivery-platform'));
    const topicName = String(platform.resource('ImageEventsTopic').Properties.TopicName);
    expect(JSON.stringify(infrastructure.SnsTopicArn)).toContain(`:${topicName}`);
    expect(compose.services['image-pipeline-starter']?.params?.imageEventsTopicArn).toBe(
      `\${delivery-platform.ImageEventsTopicArn}`,
    );
    expect(compose.services['pipeline-triggers']?.params?.imageEventsTopicArn).toBe(
      `\${delivery-platform.ImageEventsTopicArn}`,
    );
    const subscriptions = triggers.ofType('AWS::SNS::Subscription').map((id) => triggers.resource(id).Properties);
    expect(subscriptions).toContainEqual(expect.objectContaining({ Protocol: 'lambda' }));
    expect(JSON.stringify(subscriptions)).toContain(topicName);
  });

  it('starts an AMI pipeline that exists, with the AMI_ID and IMAGE_ARN variables it declares', () => {
    const triggers = templateView(template('pipeline-triggers'));
    const pipelines = triggers.ofType('AWS::CodePipeline::Pipeline').map((id) => triggers.resource(id).Properties);
    for (const name of targets().values()) {
      const pipeline = pipelines.find((candidate) => candidate.Name === name);
      expect(pipeline?.Variables).toEqual([
        expect.objectContaining({ Name: 'AMI_ID' }),
        expect.objectContaining({ Name: 'IMAGE_ARN' }),
      ]);
    }
  });

  it('leaves the launch templates it updates to compose, from the fleets of delivery-platform', () => {
    const params = compose.services['image-pipeline-starter']?.params ?? {};
    expect(params.amiQatLaunchTemplateId).toBe(`\${delivery-platform.AmiQatLaunchTemplateId}`);
    expect(params.amiProductionLaunchTemplateId).toBe(`\${delivery-platform.AmiProductionLaunchTemplateId}`);
  });
});
