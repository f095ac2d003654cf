/**
 * The metrics-api tables a maintenance script (assign-owners, import-catalogue, rebuild-totals)
 * works on: named on its command line (`--<kind>-table`), the local stack's (`--local`: its
 * dynalite, its tables by their convention), or a deployed stage's from metrics-api's stack outputs
 * (prod's tables are named by CloudFormation, shared/serverless/table-names.js, so no convention
 * holds there).
 */
import { stackOutputs } from '../shared/serverless/stack-outputs';
import { DEV_STAGE, useLocalDynamoDb } from './local/dev-ports';

const OUTPUTS = {
  activities: 'ActivitiesTableName',
  catalogue: 'CatalogueTableName',
  totals: 'TotalsTableName',
} as const;

export type TableKind = keyof typeof OUTPUTS;

/** The options every such script takes, for `util.parseArgs`. */
export const TABLE_OPTIONS = {
  stage: { type: 'string', default: 'dev' },
  region: { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' },
  local: { type: 'boolean', default: false },
  'activities-table': { type: 'string' },
  'catalogue-table': { type: 'string' },
  'totals-table': { type: 'string' },
} as const;

export interface TableChoice {
  stage: string;
  region: string;
  local: boolean;
  'activities-table'?: string;
  'catalogue-table'?: string;
  'totals-table'?: string;
}

/**
 * The tables of the kinds asked for. `--local` also points the SDK at the local stack's dynalite
 * (through the SDK's own endpoint variable: no endpoint in code).
 */
export async function metricsApiTables<K extends TableKind>(
  kinds: readonly K[],
  choice: TableChoice,
  outputsOf: typeof stackOutputs = stackOutputs,
): Promise<Record<K, string>> {
  const byKind = (name: (kind: K) => string | undefined) =>
    Object.fromEntries(kinds.map((kind) => [kind, name(kind)])) as Record<K, string>;
  const named = byKind((kind) => choice[`${kind}-table`]);
  if (kinds.every((kind) => named[kind])) return named;
  if (choice.local) {
    useLocalDynamoDb();
    return byKind((kind) => `runway-metrics-api-${DEV_STAGE}-${kind}`);
  }
  const stackName = `runway-metrics-api-${choice.stage}`;
  const outputs = await outputsOf(stackName, choice.region);
  const missing = kinds.filter((kind) => !outputs?.[OUTPUTS[kind]]);
  if (missing.length > 0)
    throw new Error(
      `${stackName} (${choice.region}) has no ${missing.map((kind) => OUTPUTS[kind]).join(' and ')} output: ` +
        `deploy it, or name the tables with ${kinds.map((kind) => `--${kind}-table`).join(' ')}`,
    );
  return byKind((kind) => outputs?.[OUTPUTS[kind]]);
}
