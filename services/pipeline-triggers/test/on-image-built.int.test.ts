import { createHash } from 'node:crypto';
import type { AwsRecorder } from '../../../test-support/aws-recorder';
import { imageInState, imageNotification, productionImage, sampleImage } from './support/fixtures';
import { loadIsolated, operations, startRecordedAws, TEST_ENV } from './support/harness';

type Handler = typeof import('../src/handlers/on-image-built').handler;

const QAT_IMAGE_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image/runway-app-qat/1.0.0/3';
const PROD_IMAGE_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image/runway-app-prod/1.0.0/3';
const SAMPLE_AMI = 'ami-0a1b2c3d4e5f67890';
const BUILD_FAILURE = 'Image build failed: component runway-app-install exited with code 1 (npm ci failed)';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('onImageBuilt', () => {
  let recorder: AwsRecorder;
  let handler: Handler;

  beforeAll(async () => {
    recorder = await startRecordedAws();
    ({ handler } = await loadIsolated(() => import('../src/handlers/on-image-built')));
  });
  afterAll(() => recorder.close());
  beforeEach(() => {
    recorder.reset();
    recorder.respond('StartPipelineExecution', {
      body: { pipelineExecutionId: '0d3c2b1a-5e4f-4a3b-8c2d-1e0f9a8b7c6d' },
    });
  });

  const starts = () => recorder.callsTo('StartPipelineExecution');
  const alerts = () => recorder.callsTo('Publish');
  const fleetUpdates = () => recorder.callsTo('UpdateAutoScalingGroup');

  describe('an AVAILABLE image', () => {
    it('starts the QAT pipeline with AMI_ID and IMAGE_ARN and a request token derived from the image ARN', async () => {
      const result = await handler(imageNotification());

      expect(result).toEqual({ processed: 1, dropped: 0 });
      expect(operations(recorder)).toEqual(['UpdateAutoScalingGroup', 'StartPipelineExecution']);
      expect(starts()[0]?.headers['x-amz-target']).toBe('CodePipeline_20150709.StartPipelineExecution');
      expect(starts()[0]?.body).toEqual({
        name: 'runway-qat',
        variables: [
          { name: 'AMI_ID', value: SAMPLE_AMI },
          { name: 'IMAGE_ARN', value: QAT_IMAGE_ARN },
        ],
        clientRequestToken: sha256(QAT_IMAGE_ARN),
      });
      // CodePipeline accepts 1-128 characters of [a-zA-Z0-9-]; an ARN itself would be refused.
      expect(starts()[0]?.body.clientRequestToken).toMatch(/^[a-zA-Z0-9-]{1,128}$/);
    });

    it('starts the production pipeline for an image of the production image pipeline', async () => {
      await handler(imageNotification(productionImage()));

      expect(starts().map((call) => call.body)).toEqual([
        {
          name: 'runway-prod',
          variables: [
            { name: 'AMI_ID', value: SAMPLE_AMI },
            { name: 'IMAGE_ARN', value: PROD_IMAGE_ARN },
          ],
          clientRequestToken: sha256(PROD_IMAGE_ARN),
        },
      ]);
    });

    it('sends the same request token when SNS delivers the message again, so the pipeline starts once', async () => {
      await handler(imageNotification());
      await handler(imageNotification());

      const [first, second] = starts().map((call) => call.body.clientRequestToken);
      expect(second).toBe(first);
    });

    it('deploys the AMI of its own region when the image was distributed to several', async () => {
      const image = sampleImage();
      const amis = [
        { region: 'eu-west-1', image: 'ami-0eu0000000000000a', name: 'runway-app-qat', accountId: '123456789012' },
        { region: 'us-east-1', image: SAMPLE_AMI, name: 'runway-app-qat', accountId: '123456789012' },
      ];
      await handler(imageNotification({ ...image, outputResources: { amis } }));

      expect(starts()[0]?.body.variables).toContainEqual({ name: 'AMI_ID', value: SAMPLE_AMI });
    });

    it('points the track’s fleet at its launch template’s default version, which the distribution just set', async () => {
      await handler(imageNotification());
      await handler(imageNotification(productionImage()));

      // CloudFormation takes only a version number for the group; the Auto Scaling API takes $Default.
      expect(fleetUpdates().map((call) => call.body)).toEqual([
        expect.objectContaining({
          Action: 'UpdateAutoScalingGroup',
          AutoScalingGroupName: 'runway-test-ami-qat',
          'LaunchTemplate.LaunchTemplateName': 'runway-test-ami-qat',
          'LaunchTemplate.Version': '$Default',
        }),
        expect.objectContaining({
          AutoScalingGroupName: 'runway-test-ami-production',
          'LaunchTemplate.LaunchTemplateName': 'runway-test-ami-production',
          'LaunchTemplate.Version': '$Default',
        }),
      ]);
    });

    it('alerts when Auto Scaling refuses the fleet, and still starts the release', async () => {
      recorder.respond('UpdateAutoScalingGroup', {
        error: { code: 'ValidationError', message: 'AutoScalingGroup name not found - runway-test-ami-qat' },
      });

      await handler(imageNotification());

      expect(operations(recorder)).toEqual(['UpdateAutoScalingGroup', 'Publish', 'StartPipelineExecution']);
      expect(alerts()[0]?.body.Message).toContain(
        'Reason:   ValidationError: AutoScalingGroup name not found - runway-test-ami-qat',
      );
    });

    it('fails the invocation when Auto Scaling is unavailable, so Lambda retries it', async () => {
      recorder.respond('UpdateAutoScalingGroup', { error: { code: 'ServiceUnavailable', status: 503 } });

      await expect(handler(imageNotification())).rejects.toMatchObject({ name: 'SnsBatchError' });
      expect(starts()).toEqual([]);
    });

    it('alerts instead when the image has no AMI in this region', async () => {
      const image = sampleImage();
      const amis = [{ region: 'eu-west-1', image: 'ami-0eu0000000000000a' }];
      await handler(imageNotification({ ...image, outputResources: { amis } }));

      expect(starts()).toEqual([]);
      expect(alerts()[0]?.body.Subject).toBe('Runway: image AVAILABLE without an AMI in us-east-1 (runway-app-qat)');
    });
  });

  describe('a build that did not produce an image', () => {
    it('publishes a readable alert for a FAILED image and starts no pipeline', async () => {
      const result = await handler(imageNotification(imageInState('FAILED', BUILD_FAILURE)));

      expect(result).toEqual({ processed: 1, dropped: 0 });
      expect(operations(recorder)).toEqual(['Publish']);
      expect(alerts()[0]?.body).toEqual({
        Action: 'Publish',
        Version: '2010-03-31',
        TopicArn: TEST_ENV.ALERTS_TOPIC_ARN,
        Subject: 'Runway: image build FAILED (runway-app-qat)',
        Message: [
          'Image pipeline runway-app-qat: image build FAILED.',
          '',
          `Image:    ${QAT_IMAGE_ARN}`,
          `Reason:   ${BUILD_FAILURE}`,
          'Pipeline: runway-qat was NOT started for this image.',
          '',
          'Check the image in the EC2 Image Builder console, fix the cause, and run the image pipeline again.',
        ].join('\n'),
      });
    });

    it('publishes an alert for a CANCELLED image', async () => {
      await handler(imageNotification(imageInState('CANCELLED', 'Cancelled by mary.major')));

      expect(starts()).toEqual([]);
      expect(alerts().map((call) => call.body.Subject)).toEqual(['Runway: image build CANCELLED (runway-app-qat)']);
    });
  });

  describe('messages it does not act on', () => {
    it('ignores an image of an image pipeline that is not mapped to a pipeline', async () => {
      const image = sampleImage();
      const other = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/runway-bastion';
      const result = await handler(imageNotification({ ...image, sourcePipelineArn: other }));

      expect(result).toEqual({ processed: 1, dropped: 0 });
      expect(recorder.calls).toEqual([]);
    });

    it('ignores a FAILED image of an unknown image pipeline without alerting', async () => {
      const failed = { ...imageInState('FAILED', BUILD_FAILURE), sourcePipelineArn: undefined };
      await handler(imageNotification(failed));

      expect(recorder.calls).toEqual([]);
    });

    it('drops malformed records and still processes the good one in the same batch', async () => {
      const noState = { ...sampleImage(), state: undefined };
      const result = await handler(imageNotification('not json at all', noState, sampleImage()));

      expect(result).toEqual({ processed: 1, dropped: 2 });
      expect(operations(recorder)).toEqual(['UpdateAutoScalingGroup', 'StartPipelineExecution']);
    });
  });

  describe('when CodePipeline refuses', () => {
    it('alerts and does not retry when the pipeline does not exist', async () => {
      recorder.respond('StartPipelineExecution', {
        error: { code: 'PipelineNotFoundException', message: 'Pipeline runway-qat not found' },
      });

      const result = await handler(imageNotification());

      expect(result).toEqual({ processed: 1, dropped: 0 });
      expect(operations(recorder)).toEqual(['UpdateAutoScalingGroup', 'StartPipelineExecution', 'Publish']);
      expect(alerts()[0]?.body.Message).toContain('Reason:   PipelineNotFoundException: Pipeline runway-qat not found');
    });

    it.each([
      ['the service is unavailable', { code: 'ServiceUnavailableException', status: 503 }],
      ['the pipeline is busy', { code: 'ConflictException', status: 400 }],
    ])(
      'fails the invocation when %s, after finishing the other records, so Lambda retries it',
      async (_story, error) => {
        recorder.respond('StartPipelineExecution', { error });

        await expect(
          handler(imageNotification(sampleImage(), imageInState('FAILED', BUILD_FAILURE))),
        ).rejects.toMatchObject({ name: 'SnsBatchError' });
        expect(alerts()).toHaveLength(1);
      },
    );
  });
});
