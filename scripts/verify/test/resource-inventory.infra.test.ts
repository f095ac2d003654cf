/**
 * The split of the delivery stacks (issue 22) moves resources, it loses none:
 * every compose stack of both stages, packaged now, declares together the logical ids and types
 * recorded before the move (scripts/verify/resource-inventory.json), as many times each, but for the differences resource-inventory.ts lists with their reasons.
 */
import { packagedTemplate } from '../../../test-support/packaged-templates';
import type { Template } from '../../../test-support/template';
import {
  ALLOWED,
  compareInventories,
  composeAliases,
  type Inventory,
  inventoryOf,
  lostOrRetyped,
  moves,
  readInventory,
  STAGES,
} from '../resource-inventory';

const PACKAGING_TIMEOUT = 300_000;
const now: Inventory = {};

beforeAll(async () => {
  for (const stage of STAGES) {
    const templates: Record<string, Template> = {};
    for (const alias of composeAliases()) templates[alias] = await packagedTemplate(alias, stage);
    now[stage] = inventoryOf(templates);
  }
}, PACKAGING_TIMEOUT);

describe('the resources of the compose stacks', () => {
  it('are those recorded before the split, as many times each', () => {
    // Resources the product gained since the split (the timer's, the catalogue's) are not the
    // split's: a move must lose or retype none of those recorded.
    expect(lostOrRetyped(compareInventories(readInventory(), now))).toEqual([]);
    // What the split itself added is listed with its reason, not passed as the product's growth.
    const added = compareInventories(readInventory(), now, []).filter(
      ({ logicalId, message }) => message.endsWith(' is new') && logicalId === 'AmiInstanceRevisionsPolicy',
    );
    expect(added.map(({ stage }) => stage).sort()).toEqual(['dev', 'prod']);
    expect(ALLOWED.map(({ logicalId }) => logicalId)).toContain('AmiInstanceRevisionsPolicy');
  });

  it('moved from pipeline-triggers only, to the new stacks only', () => {
    // The platform's stateful resources among them: the database, the repositories, the load balancers.
    const prodMoves = moves(readInventory(), now).prod ?? {};
    for (const id of ['Database', 'FrontendRepository', 'BackendRepository', 'LoadBalancer', 'Vpc'])
      expect(prodMoves[id]).toBe('pipeline-triggers → delivery-platform');
    const moved = Object.values(moves(readInventory(), now)).flatMap((byId) => Object.values(byId));
    expect(new Set(moved.map((move) => move.split(' → ')[0]))).toEqual(
      new Set(moved.length > 0 ? ['pipeline-triggers'] : []),
    );
    const recorded = new Set(Object.keys(readInventory().prod ?? {}));
    const targets = new Set(moved.map((move) => move.split(' → ')[1]));
    for (const target of targets) expect(recorded.has(target ?? '')).toBe(false);
  });

  it('allow only listed differences, each with its reason', () => {
    for (const entry of ALLOWED) expect(entry.why.length).toBeGreaterThan(20);
  });
});

describe('the comparison', () => {
  const before: Inventory = {
    prod: { a: { Database: 'AWS::RDS::DBInstance', ServerlessDeploymentBucket: 'AWS::S3::Bucket' } },
  };

  it('finds a lost resource, a changed type and a resource declared twice', () => {
    expect(compareInventories(before, { prod: { a: {} } })).toEqual([
      { stage: 'prod', logicalId: 'Database', message: 'was AWS::RDS::DBInstance (a), is gone' },
    ]);
    expect(compareInventories(before, { prod: { a: { Database: 'AWS::RDS::DBCluster' } } })).toEqual([
      { stage: 'prod', logicalId: 'Database', message: 'was AWS::RDS::DBInstance (a), is AWS::RDS::DBCluster (a)' },
    ]);
    expect(
      compareInventories(before, {
        prod: { a: { Database: 'AWS::RDS::DBInstance' }, b: { Database: 'AWS::RDS::DBInstance' } },
      }),
    ).toEqual([
      {
        stage: 'prod',
        logicalId: 'Database',
        message: 'was AWS::RDS::DBInstance (a), is AWS::RDS::DBInstance (a), AWS::RDS::DBInstance (b)',
      },
    ]);
  });

  it('accepts a move, the framework bucket of a new stack, and an allowed addition', () => {
    const after: Inventory = {
      prod: {
        a: { ServerlessDeploymentBucket: 'AWS::S3::Bucket' },
        b: {
          Database: 'AWS::RDS::DBInstance',
          ServerlessDeploymentBucket: 'AWS::S3::Bucket',
          Extra: 'AWS::SNS::Topic',
        },
      },
    };
    expect(compareInventories(before, after, [{ logicalId: 'Extra', change: 'added', why: 'a test' }])).toEqual([]);
    expect(moves(before, after)).toEqual({ prod: { Database: 'a → b' } });
  });
});
