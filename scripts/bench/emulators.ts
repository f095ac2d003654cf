import { directoryParameterName, directoryParameterValue } from '../../test-support/approver-directory';
import type { AwsRecorder } from '../../test-support/aws-recorder';
import { codePipelineControl, startCodePipelineFake } from '../../test-support/codepipeline-fake';
import { type RunningServer, startDynamoDb } from '../../test-support/dynamodb';
import { startSes } from '../../test-support/ses';
import { createTables } from '../local/tables';

/** The stage the bench packages and whose table names the functions' environment carries. */
export const BENCH_STAGE = 'dev';

export interface Emulators {
  dynamodbUrl: string;
  sesUrl: string;
  /** CodePipeline fake (approvals) with canned answers for every other recorded service. */
  recorder: AwsRecorder;
  control: ReturnType<typeof codePipelineControl>;
  /** What SSM's GetParameter answers, by name: the approver directory, and what a service's setup adds. */
  parameters: Map<string, { Type: string; Value: string }>;
  /** AWS_ENDPOINT_URL_* for a function under test. */
  endpoints: Record<string, string>;
  close(): Promise<void>;
}

/**
 * dynalite with the `dev` tables of `services`, aws-ses-v2-local, and the CodePipeline fake whose
 * recorder also answers SSM (the parameters), Image Builder, SNS, CodeCommit and Auto Scaling.
 */
export async function startEmulators(services: readonly string[]): Promise<Emulators> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const dynamodb: RunningServer = await startDynamoDb({ port: 0 });
    closers.push(() => dynamodb.close());
    const ses = await startSes({ port: 0 });
    closers.push(() => ses.close());
    const fake = await startCodePipelineFake({ api: 0, control: 0 });
    closers.push(() => fake.close());
    for (const service of services) await createTables(service, BENCH_STAGE, dynamodb.url);
    // The approver directory every service that approves or checks approvals reads (directory/default.yml).
    const parameters = new Map([
      [directoryParameterName(BENCH_STAGE), { Type: 'String', Value: directoryParameterValue() }],
    ]);
    fake.recorder.respond('GetParameter', (call) => {
      const parameter = parameters.get(String(call.body.Name));
      if (parameter === undefined) return { error: { code: 'ParameterNotFound', status: 400 } };
      return { body: { Parameter: { Name: call.body.Name, ...parameter, Version: 1 } } };
    });
    return {
      dynamodbUrl: dynamodb.url,
      sesUrl: ses.url,
      recorder: fake.recorder,
      control: codePipelineControl(fake.controlUrl),
      parameters,
      endpoints: {
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
        AWS_ENDPOINT_URL_SES: ses.url,
        AWS_ENDPOINT_URL_CODEPIPELINE: fake.url,
        AWS_ENDPOINT_URL_IMAGEBUILDER: fake.url,
        AWS_ENDPOINT_URL_SSM: fake.url,
        AWS_ENDPOINT_URL_SNS: fake.url,
        AWS_ENDPOINT_URL_CODECOMMIT: fake.url,
        AWS_ENDPOINT_URL_AUTO_SCALING: fake.url,
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
