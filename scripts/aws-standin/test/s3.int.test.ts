import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { type AwsStandin, startAwsStandin } from '../server';

let standin: AwsStandin;
let s3: S3Client;
let bucketCount = 0;

beforeAll(async () => {
  standin = await startAwsStandin();
  process.env.AWS_ENDPOINT_URL = standin.url;
  s3 = new S3Client({});
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  await standin.close();
});

async function newBucket(): Promise<string> {
  const name = `runway-standin-test-${++bucketCount}`;
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected S3 to refuse');
    },
    (error: Error) => error.name,
  );

test('an object keeps its body, content type and metadata, and lists under its prefix', async () => {
  const bucket = await newBucket();

  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'site/index.html',
      Body: '<html></html>',
      ContentType: 'text/html',
      Metadata: { filesha256: 'abc' },
    }),
  );
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'other/file.txt', Body: 'x' }));

  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'site/index.html' }));
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'site/index.html' }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'site/' }));
  expect(head.ContentType).toBe('text/html');
  expect(head.Metadata).toEqual({ filesha256: 'abc' });
  expect(await object.Body?.transformToString()).toBe('<html></html>');
  expect(listed.Contents?.map((entry) => entry.Key)).toEqual(['site/index.html']);
});

test('a multipart upload joins its parts in order', async () => {
  const bucket = await newBucket();
  const first = Buffer.alloc(5 * 1024 * 1024, 'a');
  const last = Buffer.from('the end');
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'artifact.zip' }));
  const upload = (PartNumber: number, Body: Buffer) =>
    s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'artifact.zip', UploadId, PartNumber, Body }));
  const [one, two] = await Promise.all([upload(1, first), upload(2, last)]);

  const completed = await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: 'artifact.zip',
      UploadId,
      MultipartUpload: {
        Parts: [
          { PartNumber: 1, ETag: one.ETag },
          { PartNumber: 2, ETag: two.ETag },
        ],
      },
    }),
  );

  expect(completed.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'artifact.zip' }));
  expect(Buffer.from((await object.Body?.transformToByteArray()) ?? [])).toEqual(Buffer.concat([first, last]));
});

test('a multipart upload whose first part is under 5 MiB is refused with EntityTooSmall', async () => {
  const bucket = await newBucket();
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'small.zip' }));
  const parts = await Promise.all(
    [1, 2].map((PartNumber) =>
      s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small.zip', UploadId, PartNumber, Body: 'tiny' })),
    ),
  );

  const refusal = await refusalOf(
    s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'small.zip',
        UploadId,
        MultipartUpload: { Parts: parts.map(({ ETag }, index) => ({ PartNumber: index + 1, ETag })) },
      }),
    ),
  );

  expect(refusal).toBe('EntityTooSmall');
});

test('a bucket holding objects is not deleted (BucketNotEmpty); emptied, it is', async () => {
  const bucket = await newBucket();
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'a' }));

  const refusal = await refusalOf(s3.send(new DeleteBucketCommand({ Bucket: bucket })));
  await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'a.txt' }] } }));
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));

  expect(refusal).toBe('BucketNotEmpty');
  expect(standin.state.buckets.has(bucket)).toBe(false);
  expect(await refusalOf(s3.send(new ListObjectsV2Command({ Bucket: bucket })))).toBe('NoSuchBucket');
});
