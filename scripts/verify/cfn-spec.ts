/**
 * The CloudFormation resource specification that aws-cdk itself is generated from
 * (@aws-cdk/aws-service-spec, `db.json.gz`), read directly: resource types, their
 * properties (nested property types included) and the attributes `Fn::GetAtt` may ask for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export type SpecType =
  | { type: 'string'; allowedValues?: string[] }
  | { type: 'integer'; allowedValues?: number[] }
  | { type: 'number' | 'boolean' | 'json' | 'date-time' | 'null' | 'tag' }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'union'; types: SpecType[] };

export interface SpecProperty {
  type: SpecType;
  required?: boolean;
}

export interface SpecPropertyBag {
  name: string;
  properties: Record<string, SpecProperty>;
}

export interface SpecResource extends SpecPropertyBag {
  cloudFormationType: string;
  attributes: Record<string, { type: SpecType }>;
}

interface RawEntity {
  $id: string;
}

interface RawDatabase {
  schema: {
    resource: { entities: (RawEntity & SpecResource)[] };
    typeDefinition: { entities: (RawEntity & SpecPropertyBag)[] };
  };
}

export interface CfnSpec {
  resource(cloudFormationType: string): SpecResource | undefined;
  typeDefinition(id: string): SpecPropertyBag | undefined;
  /** How many resource types the database knows (for the summary line). */
  readonly resourceCount: number;
}

function databasePath(): string {
  const packageJson = require.resolve('@aws-cdk/aws-service-spec/package.json');
  return join(packageJson, '..', 'db.json.gz');
}

let cached: CfnSpec | undefined;

/** Loads the database once per process (about a quarter of a second). */
export function loadCfnSpec(): CfnSpec {
  if (cached) return cached;
  const raw = JSON.parse(gunzipSync(readFileSync(databasePath())).toString('utf8')) as RawDatabase;
  const resources = new Map(raw.schema.resource.entities.map((entity) => [entity.cloudFormationType, entity]));
  const types = new Map(raw.schema.typeDefinition.entities.map((entity) => [entity.$id, entity]));
  cached = {
    resource: (cloudFormationType) => resources.get(cloudFormationType),
    typeDefinition: (id) => types.get(id),
    resourceCount: resources.size,
  };
  return cached;
}

/** A readable name of a spec type, e.g. `Array<DeploymentStyle>` or `string (ONE|TWO)`. */
export function describeSpecType(spec: CfnSpec, type: SpecType): string {
  switch (type.type) {
    case 'ref':
      return spec.typeDefinition(type.reference.$ref)?.name ?? `unknown type #${type.reference.$ref}`;
    case 'array':
      return `Array<${describeSpecType(spec, type.element)}>`;
    case 'map':
      return `Map<string, ${describeSpecType(spec, type.element)}>`;
    case 'union':
      return type.types.map((member) => describeSpecType(spec, member)).join(' | ');
    case 'string':
    case 'integer':
      return type.allowedValues ? `${type.type} (${type.allowedValues.join('|')})` : type.type;
    default:
      return type.type;
  }
}
