import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoCatalogueStore } from '../services/metrics-api/src/catalogue/catalogue-store';
import { dynamoDeliveryStore } from '../services/metrics-api/src/delivery/delivery-store';
import type { PipelineSetting } from '../services/metrics-api/src/delivery/delivery-view';

/**
 * The local stack's delivery settings: which seeded catalogue project each local pipeline delivers
 * (`npm start` writes them, so the Delivery page fills as `npm run demo:approval` plays a release).
 */
export const SEEDED_PIPELINES = (stage: string) =>
  [
    // pipeline-triggers' production AMI pipeline: what `npm run demo:approval` plays.
    { pipeline: `runway-${stage}-ami-production`, customer: 'Acme', project: 'Migration' },
    { pipeline: `runway-${stage}-frontend`, customer: 'Globex', project: 'Website' },
  ] as const;

export function localDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}

/** Maps each seeded pipeline to its catalogue project (the catalogue must be seeded first); returns the settings. */
export async function seedDeliverySettings(endpoint: string, stage: string): Promise<PipelineSetting[]> {
  const client = localDocumentClient(endpoint);
  try {
    const entries = await dynamoCatalogueStore(client, `runway-metrics-api-${stage}-catalogue`).entries();
    const store = dynamoDeliveryStore(client, `runway-metrics-api-${stage}-delivery`);
    const settings: PipelineSetting[] = [];
    for (const seeded of SEEDED_PIPELINES(stage)) {
      const customer = entries.find((entry) => entry.type === 'customer' && entry.name === seeded.customer);
      const project = entries.find(
        (entry) => entry.type === 'project' && entry.name === seeded.project && entry.customerId === customer?.id,
      );
      if (project === undefined) throw new Error(`The catalogue has no project ${seeded.customer} / ${seeded.project}`);
      const setting: PipelineSetting = {
        pipeline: seeded.pipeline,
        projectId: project.id,
        project: project.name,
        production: true,
        deployStage: 'DeployProduction',
        updatedAt: new Date().toISOString(),
        updatedBy: 'npm start',
      };
      await store.putSetting(setting);
      settings.push(setting);
    }
    return settings;
  } finally {
    client.destroy();
  }
}
