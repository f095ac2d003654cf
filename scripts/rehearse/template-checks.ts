/**
 * Checks of the templates the stand-in received (what compose and the one-service deploys really
 * sent, with their params), each a pure function of templates so that a fixture can prove it fails.
 */
import type { Json, Template, TemplateResource } from '../../test-support/template';
import type { Problem } from './doc-commands';

/**
 * Names that are global across AWS accounts (S3 buckets; Cognito domain prefixes, per region) must
 * include the account, or be left to CloudFormation: two organisations deploying `prod` must not collide.
 */
const GLOBAL_NAMES: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Cognito::UserPoolDomain': 'Domain',
};

export function globalNamesWithoutAccount(where: string, template: Template, accountId: string): Problem[] {
  return Object.entries(template.Resources).flatMap(([id, resource]) => {
    const property = GLOBAL_NAMES[resource.Type];
    const name = property === undefined ? undefined : resource.Properties?.[property];
    if (name === undefined) return [];
    const text = JSON.stringify(name);
    if (text.includes('AWS::AccountId') || text.includes(accountId)) return [];
    return [
      {
        where: `${where} ${id}`,
        message: `${resource.Type} ${property} ${text} is global across accounts and names no account: include \${AWS::AccountId} or leave it to CloudFormation`,
      },
    ];
  });
}

const isOn = (value: Json | undefined) => value === true || value === 'true';

/** What makes a resource refuse deletion, by type. */
const PROTECTION: Record<string, (properties: Record<string, Json>) => boolean> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (properties) =>
    Array.isArray(properties.LoadBalancerAttributes) &&
    properties.LoadBalancerAttributes.some(
      (attribute) =>
        typeof attribute === 'object' &&
        attribute !== null &&
        !Array.isArray(attribute) &&
        attribute.Key === 'deletion_protection.enabled' &&
        isOn(attribute.Value),
    ),
  'AWS::RDS::DBInstance': (properties) => isOn(properties.DeletionProtection),
  'AWS::RDS::DBCluster': (properties) => isOn(properties.DeletionProtection),
  'AWS::DynamoDB::Table': (properties) => isOn(properties.DeletionProtectionEnabled),
  'AWS::DynamoDB::GlobalTable': (properties) => isOn(properties.DeletionProtectionEnabled),
  'AWS::Cognito::UserPool': (properties) => properties.DeletionProtection === 'ACTIVE',
  'AWS::EC2::Instance': (properties) => isOn(properties.DisableApiTermination),
  'AWS::Logs::LogGroup': (properties) => isOn(properties.DeletionProtectionEnabled),
};

const RETAINING = new Set(['Retain', 'RetainExceptOnCreate']);

/** Resources a stack deletion would try to delete although they are deletion protected. */
export function protectedAtRemoval(where: string, template: Template): Problem[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => !RETAINING.has(resource.DeletionPolicy ?? 'Delete'))
    .filter(([, resource]) => PROTECTION[resource.Type]?.(resource.Properties ?? {}) ?? false)
    .map(([id, resource]) => ({
      where: `${where} ${id}`,
      message: `${resource.Type} is deletion protected and its DeletionPolicy is ${resource.DeletionPolicy ?? 'Delete'}: the stack's removal stops there`,
    }));
}

/**
 * Logical ids a stack deletion keeps (Retain) or leaves a snapshot of (Snapshot). The framework
 * retains its Lambda versions, which go with their function.
 */
export function retainedResources(template: Template): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type !== 'AWS::Lambda::Version')
    .filter(([, resource]: [string, TemplateResource]) =>
      ['Retain', 'RetainExceptOnCreate', 'Snapshot'].includes(resource.DeletionPolicy ?? ''),
    )
    .map(([id]) => id)
    .sort();
}

/**
 * A template with what changes between two deploys of the same code and settings left out: the
 * artifacts' S3 keys (a folder per deployment), so that two deploys can be compared.
 */
export function comparable(template: Template): Json {
  const text = JSON.stringify(template).replace(
    /serverless\/[\w-]+\/[\w-]+\/\d+-[\dTZ:.-]+\//g,
    'serverless/<deployment>/',
  );
  return JSON.parse(text) as Json;
}

/** JSON text with every object's keys sorted: the same for two templates that differ only in order. */
export function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key] as Json)}`).join(',')}}`;
}

/** Paths where two templates differ (at most `limit`). */
export function differences(before: Json, after: Json, path = '', limit = 10): string[] {
  if (canonical(before) === canonical(after)) return [];
  const bothObjects =
    typeof before === 'object' &&
    before !== null &&
    typeof after === 'object' &&
    after !== null &&
    Array.isArray(before) === Array.isArray(after);
  if (!bothObjects)
    return [
      `${path || '(template)'}: ${JSON.stringify(before)?.slice(0, 120)} → ${JSON.stringify(after)?.slice(0, 120)}`,
    ];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const found: string[] = [];
  for (const key of keys) {
    const child = (value: Json) => (value as Record<string, Json>)[key] as Json;
    found.push(...differences(child(before), child(after), path ? `${path}.${key}` : key, limit - found.length));
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * A one-service deploy must send its stack exactly what compose sent it last (the same params,
 * read from the producing stacks), and send nothing to any other stack.
 */
export function oneServiceDrift(
  service: string,
  stackName: string,
  composeTemplate: Template | undefined,
  received: { stackName: string; template: Template }[],
): Problem[] {
  const problems: Problem[] = [];
  for (const entry of received) {
    if (entry.stackName !== stackName) {
      problems.push({
        where: entry.stackName,
        message: `deploying ${service} alone changed another stack (${entry.stackName})`,
      });
      continue;
    }
    if (!composeTemplate) continue;
    for (const difference of differences(comparable(composeTemplate), comparable(entry.template))) {
      problems.push({
        where: stackName,
        message: `deployed alone, ${service} sent a template that differs from what compose sent: ${difference}`,
      });
    }
  }
  return problems;
}

/** What the framework gives every stack; a stack that holds nothing else declares nothing of its own. */
const FRAMEWORK_ONLY = new Set(['ServerlessDeploymentBucket', 'ServerlessDeploymentBucketPolicy']);
const declaresNothing = (template: Template) =>
  Object.keys(template.Resources).every((logicalId) => FRAMEWORK_ONLY.has(logicalId));

/**
 * Every value compose passes from one service to the next (`${producer.Output}`) reached the
 * consumer's template: the producer's output value appears in what the consumer's stack received.
 * A consumer whose stage declares nothing of its own (runway-pipeline outside prod) uses none.
 */
export function composeFeeds(
  feeds: { consumerStack: string; param: string; producerStack: string; output: string }[],
  outputsOf: (stackName: string) => Record<string, string> | undefined,
  templateOf: (stackName: string) => Template | undefined,
): Problem[] {
  const missing = new Set<string>();
  return feeds.flatMap((feed) => {
    const value = outputsOf(feed.producerStack)?.[feed.output];
    const template = templateOf(feed.consumerStack);
    if (!template || !outputsOf(feed.producerStack)) {
      // Said once per consumer: the stack checks already name the stack that does not exist.
      if (missing.has(feed.consumerStack)) return [];
      missing.add(feed.consumerStack);
      const absent = template ? feed.producerStack : feed.consumerStack;
      return [
        {
          where: absent,
          message: `has not been deployed: compose passed nothing from ${feed.producerStack} to ${feed.consumerStack}`,
        },
      ];
    }
    if (value === undefined) {
      return [
        { where: feed.producerStack, message: `has no output ${feed.output}, which compose passes as ${feed.param}` },
      ];
    }
    return declaresNothing(template) || JSON.stringify(template).includes(value)
      ? []
      : [
          {
            where: feed.consumerStack,
            message: `its template does not hold ${feed.param} = ${value} (${feed.producerStack}'s ${feed.output})`,
          },
        ];
  });
}

/**
 * ECS services that would start tasks although no image exists (the stand-in holds none): a
 * scalable target's minimum above 0 makes Application Auto Scaling raise the desired count.
 */
export function ecsTasksWithoutImage(where: string, template: Template): Problem[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')
    .filter(([, resource]) => resource.Properties?.ScalableDimension === 'ecs:service:DesiredCount')
    .filter(([, resource]) => Number(resource.Properties?.MinCapacity ?? 0) > 0)
    .map(([id, resource]) => ({
      where: `${where} ${id}`,
      message: `MinCapacity ${resource.Properties?.MinCapacity} with no container image in the repositories: tasks would start on an image that does not exist`,
    }));
}
