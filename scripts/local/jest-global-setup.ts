import { freePort } from '../../test-support/ports';
import { OIDC_ENV } from '../../test-support/tokens';
import { type RunningStack, startStack } from './stack';

declare global {
  var __RUNWAY_STACK__: RunningStack | undefined;
}

/**
 * Starts one local stack for all integration tests (in memory, free ports)
 * and hands its URLs to the tests through environment variables.
 */
export default async function globalSetup(): Promise<void> {
  // The browser tests serve the site on this port; the API must allow it as a CORS origin.
  const sitePort = await freePort();
  process.env.RUNWAY_SITE_PORT = String(sitePort);
  const siteOrigins = [`http://127.0.0.1:${sitePort}`, `http://localhost:${sitePort}`];
  process.env.RUNWAY_CORS_ORIGINS = siteOrigins.join(',');
  const stack = await startStack({
    stage: 'test',
    siteOrigins,
    corsOrigins: siteOrigins,
    ports: { dynamodb: await freePort(), metricsApi: await freePort(), metricsApiLambda: await freePort() },
  });
  globalThis.__RUNWAY_STACK__ = stack;
  process.env.RUNWAY_METRICS_API_URL = stack.urls.metricsApi;
  process.env.RUNWAY_METRICS_API_LAMBDA_URL = stack.urls.metricsApiLambda;
  process.env.RUNWAY_DYNAMODB_URL = stack.urls.dynamodb;
  process.env.RUNWAY_STAGE = 'test';
  // Sign-in: the local issuer, its site client, and its signing key for tests that mint tokens
  // (test-support/tokens.ts).
  process.env[OIDC_ENV.issuer] = stack.issuer.url;
  process.env[OIDC_ENV.clientId] = stack.issuer.clientId;
  process.env[OIDC_ENV.signingKey] = JSON.stringify(stack.issuer.signingKey);
  process.env[OIDC_ENV.siteOrigin] = siteOrigins[0];
  // approval-gateway: its pages, its Lambda Invoke API (the SNS function), the local SES and the CodePipeline fake.
  process.env.RUNWAY_APPROVAL_GATEWAY_URL = stack.urls.approvalGateway;
  process.env.RUNWAY_APPROVAL_GATEWAY_LAMBDA_URL = stack.urls.approvalGatewayLambda;
  process.env.RUNWAY_SES_URL = stack.urls.ses;
  process.env.RUNWAY_CODEPIPELINE_CONTROL_URL = stack.urls.codePipelineControl;
  // The CodePipeline fake's AWS endpoint (it also answers SSM and CodeCommit), for handlers run in a test.
  process.env.RUNWAY_CODEPIPELINE_URL = stack.urls.codePipeline;
}
