import { mkdirSync } from 'node:fs';
import { startDynamoDb } from './dynamodb';
import { startOffline } from './offline';
import { createTables } from './tables';

export interface StackPorts {
  dynamodb: number;
  metricsApi: number;
  metricsApiLambda: number;
}

export interface StackOptions {
  stage: string;
  ports: StackPorts;
  /** Keep DynamoDB data here; in memory when unset. */
  dataDir?: string;
  echo?: boolean;
}

export interface RunningStack {
  urls: { dynamodb: string; metricsApi: string };
  /** Environment that points SDK clients at the local emulators. */
  awsEnv: Record<string, string>;
  close(): Promise<void>;
}

const LOCAL_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_REGION: 'us-east-1',
} as const;

/** Starts the emulators, creates the services' tables, then the services themselves. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const dynamodb = await startDynamoDb({ port: options.ports.dynamodb, path: options.dataDir });
  const closers: (() => Promise<void>)[] = [() => dynamodb.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    await createTables('metrics-api', options.stage, dynamodb.url);
    const awsEnv = { ...LOCAL_CREDENTIALS, AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url };
    const metricsApi = await startOffline({
      service: 'metrics-api',
      stage: options.stage,
      httpPort: options.ports.metricsApi,
      lambdaPort: options.ports.metricsApiLambda,
      env: awsEnv,
      echo: options.echo,
    });
    closers.push(() => metricsApi.close());
    return { urls: { dynamodb: dynamodb.url, metricsApi: metricsApi.url }, awsEnv, close };
  } catch (error) {
    await close();
    throw error;
  }
}
