import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSite, SITE_DIST } from '../../site/build';
import { decideRoleName, serveDirectory } from '../../test-support/approver-directory';
import { type FakeActionChange, startCodePipelineFake } from '../../test-support/codepipeline-fake';
import { approvalEvent, sendDeliveryEvent } from '../../test-support/delivery-events';
import { startDynamoDb } from '../../test-support/dynamodb';
import { type LocalIssuer, startLocalIssuer } from '../../test-support/oidc-issuer';
import { LOCAL_PEOPLE } from '../../test-support/people';
import { freePort } from '../../test-support/ports';
import { type ReminderTime, startReminderSchedule } from '../../test-support/reminder-schedule';
import { startSes } from '../../test-support/ses';
import { startSiteServer } from '../../test-support/site-server';
import { startOffline } from './offline';
import { createTables } from './tables';

export interface StackPorts {
  dynamodb: number;
  metricsApi: number;
  metricsApiLambda: number;
  /** approval-gateway's pages; a free port when unset (likewise below). */
  approvalGateway?: number;
  /** serverless-offline's Lambda Invoke API for approval-gateway (how the SNS function is invoked locally). */
  approvalGatewayLambda?: number;
  /** aws-ses-v2-local: SES API and inbox UI. */
  ses?: number;
  /** The CodePipeline fake (AWS recorder) and its control API. */
  codePipeline?: number;
  codePipelineControl?: number;
  /** The local OpenID Connect issuer (the sign-in pages and keys). */
  oidc?: number;
  /** The static site (built, then served with a config.json pointing at the local API); not started when unset. */
  site?: number;
}

export interface StackOptions {
  stage: string;
  ports: StackPorts;
  /** Keep DynamoDB data (and the issuer's signing key) here; in memory when unset. */
  dataDir?: string;
  /** Origins the site is served from (sign-in callbacks); default localhost and 127.0.0.1 on the site port. */
  siteOrigins?: string[];
  echo?: boolean;
  /** Run the weekly reminder at this weekday and hour (UTC), as the deployed rule does; not scheduled when unset. */
  reminders?: ReminderTime;
  /** Browser origins the API allows; default localhost and 127.0.0.1 on the site port. */
  corsOrigins?: string[];
  /** serverless-offline's esbuild work folder, relative to each service; its `.esbuild` when unset. */
  esbuildWorkFolder?: string;
}

export interface StackUrls {
  dynamodb: string;
  metricsApi: string;
  /** serverless-offline's Lambda Invoke API for metrics-api (how the reminder function is invoked locally). */
  metricsApiLambda: string;
  approvalGateway: string;
  approvalGatewayLambda: string;
  /** aws-ses-v2-local: the inbox UI at `/`, the emails as JSON at `/store`. */
  ses: string;
  codePipeline: string;
  codePipelineControl: string;
  /** The local OpenID Connect issuer. */
  oidc: string;
  site?: string;
}

export interface RunningStack {
  urls: StackUrls;
  /** Environment that points SDK clients at the local emulators. */
  awsEnv: Record<string, string>;
  /** The sign-in issuer: its client id and signing key (for tests that mint tokens). */
  issuer: LocalIssuer;
  close(): Promise<void>;
}

const LOCAL_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_REGION: 'us-east-1',
} as const;

async function resolvePorts(ports: StackPorts): Promise<Required<Omit<StackPorts, 'site'>> & Pick<StackPorts, 'site'>> {
  return {
    ...ports,
    approvalGateway: ports.approvalGateway ?? (await freePort()),
    approvalGatewayLambda: ports.approvalGatewayLambda ?? (await freePort()),
    ses: ports.ses ?? (await freePort()),
    codePipeline: ports.codePipeline ?? (await freePort()),
    codePipelineControl: ports.codePipelineControl ?? (await freePort()),
    oidc: ports.oidc ?? (await freePort()),
  };
}

/**
 * Starts services side by side. Those that started are closed with the stack
 * even when another one fails to start.
 */
async function startAll<T extends { close(): Promise<void> }>(
  closers: (() => Promise<void>)[],
  starting: [Promise<T>, Promise<T>],
): Promise<[T, T]> {
  const results = await Promise.allSettled(starting);
  for (const result of results) {
    if (result.status === 'fulfilled') closers.push(() => result.value.close());
  }
  const [first, second] = results;
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

/**
 * Starts the emulators (dynalite, aws-ses-v2-local, the CodePipeline fake),
 * creates the services' tables, then the services themselves under
 * serverless-offline, side by side.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // The API must allow the local site's origin; serverless-offline cannot resolve the deployed
  // value (a CloudFront reference), see shared/serverless/cors.js.
  const sitePort = options.ports.site ?? 8080;
  const corsOrigins = options.corsOrigins ?? [`http://localhost:${sitePort}`, `http://127.0.0.1:${sitePort}`];
  const buildParams: Record<string, string> = options.esbuildWorkFolder
    ? { esbuildWorkFolder: options.esbuildWorkFolder }
    : {};
  const ports = await resolvePorts(options.ports);
  const dynamodb = await startDynamoDb({ port: ports.dynamodb, path: options.dataDir });
  const closers: (() => Promise<void>)[] = [() => dynamodb.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const ses = await startSes({ port: ports.ses });
    closers.push(() => ses.close());
    // CodePipeline announces approval actions on EventBridge; locally the fake's announcements go to
    // metrics-api's recorder through serverless-offline's Lambda invoke (it has no EventBridge).
    const metricsApiLambda = `http://127.0.0.1:${ports.metricsApiLambda}`;
    const announce = (change: FakeActionChange) =>
      void sendDeliveryEvent(
        metricsApiLambda,
        options.stage,
        approvalEvent({
          pipeline: change.pipelineName,
          executionId: change.executionId,
          stage: change.stageName,
          action: change.actionName,
          state: change.state,
          at: change.at,
        }),
      ).catch((error: unknown) => {
        if (options.echo) console.error(`delivery event not recorded: ${String(error)}`);
      });
    const codePipeline = await startCodePipelineFake({
      announce,
      api: ports.codePipeline,
      control: ports.codePipelineControl,
      // CodePipeline records the caller of PutApprovalResult: the gateway's decide role.
      callerArn: `arn:aws:sts::123456789012:assumed-role/${decideRoleName(options.stage)}/approvalDecide`,
    });
    closers.push(() => codePipeline.close());
    const issuer = await startLocalIssuer({
      port: ports.oidc,
      siteOrigins: options.siteOrigins ?? [`http://localhost:${sitePort}`, `http://127.0.0.1:${sitePort}`],
      keyFile: options.dataDir ? join(options.dataDir, '..', 'oidc-signing-key.json') : undefined,
    });
    closers.push(() => issuer.close());
    // The same recorder answers SSM's GetParameter with the stage's approver directory.
    serveDirectory(codePipeline.recorder, options.stage);
    await Promise.all([
      createTables('metrics-api', options.stage, dynamodb.url),
      createTables('approval-gateway', options.stage, dynamodb.url),
      // The pushes the two-person rule and the review pages read (pipeline-triggers' push handlers write them).
      createTables('pipeline-triggers', options.stage, dynamodb.url),
    ]);

    const awsEnv = { ...LOCAL_CREDENTIALS, AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url };
    const [metricsApi, approvalGateway] = await startAll(closers, [
      startOffline({
        service: 'metrics-api',
        stage: options.stage,
        httpPort: ports.metricsApi,
        lambdaPort: ports.metricsApiLambda,
        // The week functions mail through the local SES and read the issuer's seeded people (ids,
        // emails, groups; no passwords) where the deployed ones ask the Cognito pool.
        env: {
          ...awsEnv,
          AWS_ENDPOINT_URL_SES: ses.url,
          // The delivery recorder asks GetPipelineExecution for a release's commit time.
          AWS_ENDPOINT_URL_CODEPIPELINE: codePipeline.url,
        },
        params: {
          ...buildParams,
          localCorsOrigins: corsOrigins.join(','),
          localPeople: JSON.stringify(LOCAL_PEOPLE.map(({ password: _password, ...person }) => person)),
          // The functions verify tokens against the local issuer (shared/src/auth/token-verifier.ts).
          tokenIssuerUrl: issuer.url,
          tokenAudience: issuer.clientId,
          // Links in the week emails point at the local site.
          siteUrl: `http://localhost:${sitePort}`,
          ...(options.reminders
            ? { reminderWeekday: options.reminders.weekday, reminderHour: String(options.reminders.hour) }
            : {}),
        },
        noAuth: true,
        echo: options.echo,
      }),
      startOffline({
        service: 'approval-gateway',
        stage: options.stage,
        httpPort: ports.approvalGateway,
        lambdaPort: ports.approvalGatewayLambda,
        env: {
          ...awsEnv,
          AWS_ENDPOINT_URL_SES: ses.url,
          AWS_ENDPOINT_URL_CODEPIPELINE: codePipeline.url,
          AWS_ENDPOINT_URL_SSM: codePipeline.url,
          // CodeCommit's GetCommit of the change's commit (who wrote it, for the review page).
          AWS_ENDPOINT_URL_CODECOMMIT: codePipeline.url,
        },
        // Links in the emails point at the local pages.
        params: { ...buildParams, publicBaseUrl: `http://127.0.0.1:${ports.approvalGateway}` },
        echo: options.echo,
      }),
    ]);
    if (options.reminders) {
      const schedule = startReminderSchedule({
        lambdaUrl: metricsApiLambda,
        functionName: `runway-metrics-api-${options.stage}-onReminderSchedule`,
        time: options.reminders,
        log: options.echo ? (line) => console.log(line) : undefined,
      });
      closers.push(() => schedule.close());
      if (options.echo) console.log(`weekly reminders: next at ${schedule.next().toISOString()}`);
    }
    let siteUrl: string | undefined;
    if (ports.site !== undefined) {
      await buildSite({ apiUrl: metricsApi.url });
      const site = await startSiteServer({
        port: ports.site,
        root: SITE_DIST,
        apiUrl: metricsApi.url,
        auth: { authority: issuer.url, clientId: issuer.clientId },
      });
      closers.push(() => site.close());
      siteUrl = site.url.replace('127.0.0.1', 'localhost');
    }
    return {
      urls: {
        dynamodb: dynamodb.url,
        metricsApi: metricsApi.url,
        metricsApiLambda,
        approvalGateway: approvalGateway.url,
        approvalGatewayLambda: `http://127.0.0.1:${ports.approvalGatewayLambda}`,
        ses: ses.url,
        codePipeline: codePipeline.url,
        codePipelineControl: codePipeline.controlUrl,
        oidc: issuer.url,
        site: siteUrl,
      },
      awsEnv,
      issuer,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
