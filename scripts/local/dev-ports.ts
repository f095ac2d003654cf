import { portFromEnv } from '../../test-support/ports';

/** The stage `npm start` runs the services under (function names, table names). */
export const DEV_STAGE = 'local';

/**
 * approval-gateway's local ports under `npm start`, each overridable by an
 * environment variable; `npm run demo:approval` reads the same ones.
 */
export function approvalGatewayDevPorts() {
  return {
    approvalGateway: portFromEnv('APPROVAL_GATEWAY_PORT', 3010),
    approvalGatewayLambda: portFromEnv('APPROVAL_GATEWAY_LAMBDA_PORT', 3012),
    ses: portFromEnv('RUNWAY_SES_PORT', 8005),
    codePipeline: portFromEnv('RUNWAY_CODEPIPELINE_PORT', 4010),
    codePipelineControl: portFromEnv('RUNWAY_CODEPIPELINE_CONTROL_PORT', 4011),
  };
}

/**
 * Points the SDK's DynamoDB clients at the dynalite of `npm start`, through the SDK's own
 * endpoint variable (no endpoint in code), with the local stand-in's region and credentials:
 * what a script's `--local` does.
 */
export function useLocalDynamoDb(): void {
  process.env.AWS_ENDPOINT_URL_DYNAMODB ??= `http://127.0.0.1:${process.env.RUNWAY_DYNAMODB_PORT ?? 8000}`;
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
}
