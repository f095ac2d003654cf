/**
 * The resources each compose stack declares, per stage (logical id → type), and how a set taken
 * now differs from the one recorded in resource-inventory.json before the delivery stacks were
 * split (issue 22), compared across the collection whatever stack holds each id: moving resources
 * between stacks must neither lose nor retype one (an id several stacks declare keeps its number).
 * What the split added on purpose is listed in ALLOWED, each with why; what the product gained
 * since is reported, not a failure.
 * Usage: tsx scripts/verify/resource-inventory.ts [--write]   (reads `npm run package`'s
 * templates; --write records them as the inventory, which only the split itself should need)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_FILE } from '../../test-support/packaging';
import { ROOT, serviceDir } from '../../test-support/paths';
import { readComposeConfig } from '../../test-support/serverless-config';
import type { Template } from '../../test-support/template';

export const INVENTORY_FILE = join(__dirname, 'resource-inventory.json');
export const STAGES = ['dev', 'prod'] as const;

/** stage → stack (compose alias) → logical id → type */
export type Inventory = Record<string, Record<string, Record<string, string>>>;

/** Every stack osls deploys holds its own deployment bucket and its policy, under these ids. */
export const PER_STACK = new Set(['ServerlessDeploymentBucket', 'ServerlessDeploymentBucketPolicy']);

/** A difference the split makes on purpose: which logical id, in which stages, and why. */
export interface Allowed {
  logicalId: string;
  change: 'added' | 'removed';
  why: string;
}
export const ALLOWED: Allowed[] = [
  {
    logicalId: 'AmiInstanceRevisionsPolicy',
    change: 'added',
    why:
      "The EC2 instances' grant to read the CodeDeploy revisions was an inline policy of AmiInstanceRole, " +
      'naming the artifact bucket; the role moved to delivery-platform and the bucket stayed in ' +
      'pipeline-triggers, which now attaches the grant to the role by name (no cycle between the stacks).',
  },
];

export const composeAliases = () => Object.keys(readComposeConfig().services);

export function inventoryOf(templates: Record<string, Template>): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(templates)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([stack, template]) => [
        stack,
        Object.fromEntries(
          Object.entries(template.Resources)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([id, resource]) => [id, resource.Type]),
        ),
      ]),
  );
}

export interface Difference {
  stage: string;
  logicalId: string;
  message: string;
}

/**
 * The resources of one stage across its stacks, without the per-stack framework resources: per
 * logical id, where it is declared. Several stacks declare some ids (the shared fragments'
 * AsyncFailuresQueue, each stack's framework role): a move keeps their number.
 */
function flatten(stacks: Record<string, Record<string, string>>) {
  const all = new Map<string, { type: string; stack: string }[]>();
  for (const [stack, resources] of Object.entries(stacks)) {
    for (const [logicalId, type] of Object.entries(resources)) {
      // A Lambda version's logical id carries a hash of the function's code: it changes with every change of code.
      if (!PER_STACK.has(logicalId) && type !== 'AWS::Lambda::Version')
        all.set(logicalId, [...(all.get(logicalId) ?? []), { type, stack }]);
    }
  }
  return all;
}

const placesText = (places: { type: string; stack: string }[]) =>
  places
    .map(({ type, stack }) => `${type} (${stack})`)
    .sort()
    .join(', ');
const types = (places: { type: string }[]) =>
  places
    .map(({ type }) => type)
    .sort()
    .join(', ');

/** What differs in one stage: a resource gone, one whose type changed, one that is new. */
function stageDifferences(
  stage: string,
  before: Record<string, Record<string, string>>,
  now: Record<string, Record<string, string>>,
  isAllowed: (logicalId: string, change: Allowed['change']) => boolean,
): Difference[] {
  const problems: Difference[] = [];
  const old = flatten(before);
  const current = flatten(now);
  for (const [logicalId, places] of old) {
    const found = current.get(logicalId) ?? [];
    if (found.length === 0 && isAllowed(logicalId, 'removed')) continue;
    if (types(found) !== types(places)) {
      problems.push({ stage, logicalId, message: `was ${placesText(places)}, is ${placesText(found) || 'gone'}` });
    }
  }
  for (const [logicalId, places] of current) {
    if (!old.has(logicalId) && !isAllowed(logicalId, 'added')) {
      problems.push({ stage, logicalId, message: `${placesText(places)} is new` });
    }
  }
  return problems;
}

/** What differs between the recorded inventory and `now`, less the ALLOWED differences. */
export function compareInventories(before: Inventory, now: Inventory, allowed: Allowed[] = ALLOWED): Difference[] {
  const isAllowed = (logicalId: string, change: Allowed['change']) =>
    allowed.some((entry) => entry.logicalId === logicalId && entry.change === change);
  return [...new Set([...Object.keys(before), ...Object.keys(now)])].flatMap((stage) =>
    stageDifferences(stage, before[stage] ?? {}, now[stage] ?? {}, isAllowed),
  );
}

/**
 * The differences that lose or retype a recorded resource. A resource that is new (the product gained
 * it since the inventory, the timer's and the catalogue's) is not the split's business: reported, not
 * a failure.
 */
export const isNew = (difference: Difference) => difference.message.endsWith(' is new');
export const lostOrRetyped = (differences: Difference[]) => differences.filter((difference) => !isNew(difference));

/** Where each resource of one stack moved: stage → logical id → `from → to`, for those that changed stack. */
export function moves(before: Inventory, now: Inventory): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const stage of Object.keys(now)) {
    const old = flatten(before[stage] ?? {});
    for (const [logicalId, places] of flatten(now[stage] ?? {})) {
      const from = old.get(logicalId);
      if (places.length !== 1 || from?.length !== 1) continue;
      const [was] = from;
      const [is] = places;
      if (was && is && was.stack !== is.stack)
        result[stage] = { ...result[stage], [logicalId]: `${was.stack} → ${is.stack}` };
    }
  }
  return result;
}

export const readInventory = (): Inventory => JSON.parse(readFileSync(INVENTORY_FILE, 'utf8')) as Inventory;

/** The inventory of `npm run package`'s templates (services/<name>/.package/<stage>). */
function packagedInventory(): Inventory {
  const read = (alias: string, stage: string) =>
    JSON.parse(readFileSync(join(serviceDir(alias), '.package', stage, TEMPLATE_FILE), 'utf8')) as Template;
  return Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      inventoryOf(Object.fromEntries(composeAliases().map((alias) => [alias, read(alias, stage)]))),
    ]),
  );
}

function main(): void {
  const now = packagedInventory();
  if (process.argv.includes('--write')) {
    writeFileSync(INVENTORY_FILE, `${JSON.stringify(now, null, 2)}\n`);
    console.log(`wrote ${INVENTORY_FILE.slice(ROOT.length + 1)}`);
    return;
  }
  const differences = compareInventories(readInventory(), now);
  for (const difference of differences.filter(isNew))
    console.log(`${difference.stage} ${difference.logicalId}: ${difference.message}`);
  console.log(JSON.stringify(moves(readInventory(), now), null, 2));
  const problems = lostOrRetyped(differences);
  for (const problem of problems) console.error(`${problem.stage} ${problem.logicalId}: ${problem.message}`);
  if (problems.length > 0) process.exit(1);
  console.log('no recorded resource lost or retyped');
}

if (require.main === module) main();
