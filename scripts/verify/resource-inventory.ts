/**
 * The resources each compose stack declares, per stage (logical id → type), and how a set taken
 * now differs from the one recorded in resource-inventory.json before the delivery stacks were
 * split (issue 22): moving resources between stacks must neither lose nor add one, nor declare
 * one in two stacks. What may differ is listed in ALLOWED, each with why.
 * Usage: tsx scripts/verify/resource-inventory.ts [--write]   (reads `npm run package`'s
 * templates; --write records them as the inventory, which only the split itself should need)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serviceDir } from '../local/paths';
import { TEMPLATE_FILE } from '../package-all';
import { readComposeConfig } from './serverless-config';
import type { Template } from './template';

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
export const ALLOWED: Allowed[] = [];

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

/** The resources of one stage across its stacks, without the per-stack framework resources. */
function flatten(stacks: Record<string, Record<string, string>>, stage: string, problems: Difference[]) {
  const all = new Map<string, { type: string; stack: string }>();
  for (const [stack, resources] of Object.entries(stacks)) {
    for (const [logicalId, type] of Object.entries(resources)) {
      if (PER_STACK.has(logicalId)) continue;
      const earlier = all.get(logicalId);
      if (earlier) {
        problems.push({ stage, logicalId, message: `declared by both ${earlier.stack} and ${stack}` });
      }
      all.set(logicalId, { type, stack });
    }
  }
  return all;
}

/** What differs in one stage: a resource gone, one whose type changed, one that is new. */
function stageDifferences(
  stage: string,
  before: Record<string, Record<string, string>>,
  now: Record<string, Record<string, string>>,
  isAllowed: (logicalId: string, change: Allowed['change']) => boolean,
): Difference[] {
  const problems: Difference[] = [];
  const old = flatten(before, stage, []);
  const current = flatten(now, stage, problems);
  for (const [logicalId, { type, stack }] of old) {
    const found = current.get(logicalId);
    if (found && found.type !== type) problems.push({ stage, logicalId, message: `was ${type}, is ${found.type}` });
    if (!found && !isAllowed(logicalId, 'removed')) {
      problems.push({ stage, logicalId, message: `${type} of ${stack} is gone` });
    }
  }
  for (const [logicalId, { type, stack }] of current) {
    if (!old.has(logicalId) && !isAllowed(logicalId, 'added')) {
      problems.push({ stage, logicalId, message: `${type} in ${stack} is new` });
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

/** Where each resource moved: stage → logical id → `from → to`, for the ones that changed stack. */
export function moves(before: Inventory, now: Inventory): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const stage of Object.keys(now)) {
    const old = flatten(before[stage] ?? {}, stage, []);
    for (const [logicalId, { stack }] of flatten(now[stage] ?? {}, stage, [])) {
      const from = old.get(logicalId)?.stack;
      if (from && from !== stack) result[stage] = { ...result[stage], [logicalId]: `${from} → ${stack}` };
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
  const problems = compareInventories(readInventory(), now);
  for (const problem of problems) console.error(`${problem.stage} ${problem.logicalId}: ${problem.message}`);
  console.log(JSON.stringify(moves(readInventory(), now), null, 2));
  if (problems.length > 0) process.exit(1);
}

if (require.main === module) main();
