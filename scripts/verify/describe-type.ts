/**
 * Prints what the CloudFormation spec says about a resource type, so a template can be
 * written against the spec instead of from memory.
 * Usage: npx tsx scripts/verify/describe-type.ts AWS::ECS::Service [PropertyTypeName ...]
 */
import { type CfnSpec, describeSpecType, loadCfnSpec, type SpecPropertyBag, type SpecType } from './cfn-spec';

function referencedBags(spec: CfnSpec, type: SpecType): SpecPropertyBag[] {
  switch (type.type) {
    case 'ref': {
      const bag = spec.typeDefinition(type.reference.$ref);
      return bag ? [bag] : [];
    }
    case 'array':
    case 'map':
      return referencedBags(spec, type.element);
    case 'union':
      return type.types.flatMap((member) => referencedBags(spec, member));
    default:
      return [];
  }
}

function printBag(spec: CfnSpec, bag: SpecPropertyBag, expand: Set<string>, seen: Set<string>, depth: number): void {
  const indent = '  '.repeat(depth);
  for (const [name, property] of Object.entries(bag.properties)) {
    const required = property.required ? ' (required)' : '';
    console.log(`${indent}${name}: ${describeSpecType(spec, property.type)}${required}`);
    for (const nested of referencedBags(spec, property.type)) {
      if ((expand.has(nested.name) || expand.has('all')) && !seen.has(nested.name)) {
        printBag(spec, nested, expand, new Set([...seen, nested.name]), depth + 1);
      }
    }
  }
}

function main(): void {
  const [typeName, ...expand] = process.argv.slice(2);
  const spec = loadCfnSpec();
  const resource = typeName ? spec.resource(typeName) : undefined;
  if (!typeName || !resource) {
    console.error(`Usage: describe-type <AWS::Service::Type> [NestedTypeName ... | all]; unknown: ${typeName ?? ''}`);
    process.exit(1);
  }
  console.log(`${resource.cloudFormationType}\nProperties:`);
  printBag(spec, resource, new Set(expand), new Set(), 1);
  console.log(`Attributes: ${Object.keys(resource.attributes).join(', ') || '(none)'}`);
}

main();
