import type { Template } from './stack';

/**
 * CloudFormation's intrinsic functions and pseudo parameters, evaluated against the stand-in's
 * synthetic physical ids: what makes stack outputs (and so compose's cross-service params) plausible.
 */

export interface EvaluationContext {
  region: string;
  accountId: string;
  stackName: string;
  stackId: string;
  /** Parameter values; a `List<...>`/`CommaDelimitedList` value is a list. */
  parameters: Record<string, string | string[]>;
  conditions: Record<string, unknown>;
  mappings: Template['Mappings'];
  resourceRef(logicalId: string): string;
  resourceAttribute(logicalId: string, attribute: string): unknown;
  importValue(name: string): string;
}

/** Thrown when a template asks for something that cannot be evaluated; CloudFormation fails the operation. */
export class TemplateEvaluationError extends Error {
  override name = 'TemplateEvaluationError';
}

/** `AWS::NoValue`: the property it stands for is removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

const PSEUDO: Record<string, (context: EvaluationContext) => unknown> = {
  'AWS::AccountId': (context) => context.accountId,
  'AWS::Region': (context) => context.region,
  'AWS::StackName': (context) => context.stackName,
  'AWS::StackId': (context) => context.stackId,
  'AWS::Partition': () => 'aws',
  'AWS::URLSuffix': () => 'amazonaws.com',
  'AWS::NotificationARNs': () => [],
  'AWS::NoValue': () => NO_VALUE,
};

export const isPseudoParameter = (name: string) => name in PSEUDO;

function ref(name: string, context: EvaluationContext): unknown {
  const pseudo = PSEUDO[name];
  if (pseudo) return pseudo(context);
  if (name in context.parameters) return context.parameters[name];
  return context.resourceRef(name);
}

function getAtt(argument: unknown, context: EvaluationContext): unknown {
  const [logicalId, ...path] =
    typeof argument === 'string' ? argument.split('.') : (evaluate(argument, context) as string[]);
  if (!logicalId) throw new TemplateEvaluationError('Template error: Fn::GetAtt needs a resource name');
  return context.resourceAttribute(logicalId, path.join('.'));
}

function sub(argument: unknown, context: EvaluationContext): string {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
  const values = evaluate(variables ?? {}, context) as Record<string, unknown>;
  return String(text).replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in values) return String(values[name]);
    if (name.includes('.') && !isPseudoParameter(name)) {
      const [logicalId = '', ...path] = name.split('.');
      return String(context.resourceAttribute(logicalId, path.join('.')));
    }
    return String(ref(name, context));
  });
}

function condition(name: string, context: EvaluationContext): boolean {
  if (!(name in context.conditions))
    throw new TemplateEvaluationError(`Template error: unresolved condition dependency ${name}`);
  return Boolean(evaluate(context.conditions[name], context));
}

function findInMap(argument: unknown, context: EvaluationContext): unknown {
  const [map, top, second] = (evaluate(argument, context) as unknown[]).map(String);
  const value = context.mappings?.[map ?? '']?.[top ?? '']?.[second ?? ''];
  if (value === undefined)
    throw new TemplateEvaluationError(`Template error: Unable to get mapping for ${map}::${top}::${second}`);
  return value;
}

/** Fn::Cidr for IPv4: `count` blocks of `2^cidrBits` addresses carved from the start of the block. */
function cidr(argument: unknown, context: EvaluationContext): string[] {
  const [block, count, bits] = evaluate(argument, context) as [string, string | number, string | number];
  const [address = '', prefix = '0'] = block.split('/');
  const base = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** Number(bits);
  const newPrefix = 32 - Number(bits);
  if (newPrefix < Number(prefix))
    throw new TemplateEvaluationError(`Template error: Fn::Cidr ${block} cannot hold /${newPrefix} blocks`);
  return Array.from({ length: Number(count) }, (_, index) => {
    const start = base + index * size;
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
    return `${octets.join('.')}/${newPrefix}`;
  });
}

type Intrinsic = (argument: unknown, context: EvaluationContext) => unknown;

const INTRINSICS: Record<string, Intrinsic> = {
  Ref: (argument, context) => ref(String(argument), context),
  'Fn::GetAtt': getAtt,
  'Fn::Sub': sub,
  'Fn::Join': (argument, context) => {
    const [delimiter, list] = argument as [string, unknown];
    return (evaluate(list, context) as unknown[]).map(String).join(delimiter);
  },
  'Fn::Select': (argument, context) => {
    const [index, list] = evaluate(argument, context) as [string | number, unknown[]];
    const value = list[Number(index)];
    if (value === undefined)
      throw new TemplateEvaluationError(`Template error: Fn::Select index ${index} out of bounds`);
    return value;
  },
  'Fn::Split': (argument, context) => {
    const [delimiter, text] = evaluate(argument, context) as [string, string];
    return String(text).split(delimiter);
  },
  'Fn::If': (argument, context) => {
    const [name, whenTrue, whenFalse] = argument as [string, unknown, unknown];
    return evaluate(condition(name, context) ? whenTrue : whenFalse, context);
  },
  'Fn::Equals': (argument, context) => {
    const [left, right] = evaluate(argument, context) as [unknown, unknown];
    return String(left) === String(right);
  },
  'Fn::Not': (argument, context) => !(evaluate(argument, context) as unknown[])[0],
  'Fn::And': (argument, context) => (evaluate(argument, context) as unknown[]).every(Boolean),
  'Fn::Or': (argument, context) => (evaluate(argument, context) as unknown[]).some(Boolean),
  Condition: (argument, context) => condition(String(argument), context),
  'Fn::FindInMap': findInMap,
  'Fn::ImportValue': (argument, context) => context.importValue(String(evaluate(argument, context))),
  'Fn::GetAZs': (argument, context) => {
    const region = String(evaluate(argument, context)) || context.region;
    return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
  },
  'Fn::Base64': (argument, context) => Buffer.from(String(evaluate(argument, context))).toString('base64'),
  'Fn::Cidr': cidr,
  'Fn::Length': (argument, context) => (evaluate(argument, context) as unknown[]).length,
  'Fn::ToJsonString': (argument, context) => JSON.stringify(evaluate(argument, context)),
};

/** The one intrinsic function an object is, if it is one (`{ "Ref": ... }`, `{ "Fn::Sub": ... }`). */
export function intrinsicOf(value: unknown): [string, unknown] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !keys[0] || !(keys[0] in INTRINSICS)) return undefined;
  return [keys[0], (value as Record<string, unknown>)[keys[0]]];
}

/** Resolves every intrinsic in a value; `AWS::NoValue` removes the key or list item it stands in. */
export function evaluate(value: unknown, context: EvaluationContext): unknown {
  const intrinsic = intrinsicOf(value);
  if (intrinsic) {
    const [name, argument] = intrinsic;
    return INTRINSICS[name]?.(argument, context);
  }
  if (Array.isArray(value)) return value.map((item) => evaluate(item, context)).filter((item) => item !== NO_VALUE);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, evaluate(item, context)] as const);
    return Object.fromEntries(entries.filter(([, item]) => item !== NO_VALUE));
  }
  return value;
}
