import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredObject {
  body: Buffer;
  /** Lower-case header names as S3 keeps them: content-type, cache-control, x-amz-server-side-encryption, x-amz-meta-*. */
  headers: Record<string, string>;
}

export interface AwsCall {
  operation: string;
  key?: string;
}

export interface SiteDeployAws {
  url: string;
  /** Declares a stack that DescribeStacks answers with these outputs. */
  putStack(name: string, outputs: Record<string, string>): void;
  /** Creates a bucket holding these objects (key → body). */
  createBucket(name: string, objects?: Record<string, string>): void;
  removeBucket(name: string): void;
  /** The objects of a bucket by key (undefined when the bucket does not exist). */
  bucket(name: string): Map<string, StoredObject> | undefined;
  /** The calls in the order they arrived: `S3.PutObject` with the object's key, `CloudFormation.DescribeStacks`. */
  calls: AwsCall[];
  close(): Promise<void>;
}

/** A path-style S3 request: `/<bucket>/<key>`. */
interface S3Request {
  method: string;
  url: URL;
  bucketName: string;
  key: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function s3Request(request: IncomingMessage, body: Buffer): S3Request {
  const url = new URL(request.url ?? '/', 'http://standin');
  const [bucketName = '', ...keyParts] = url.pathname.slice(1).split('/');
  const key = keyParts.map(decodeURIComponent).join('/');
  return { method: request.method ?? 'GET', url, bucketName, key, headers: request.headers, body };
}

/** `<scope> <method> <subresources>` → operation, for the operations this stand-in answers. */
const S3_OPERATIONS: Record<string, string> = {
  'service GET ': 'ListBuckets',
  'bucket PUT ': 'CreateBucket',
  'bucket GET list-type': 'ListObjectsV2',
  'bucket POST delete': 'DeleteObjects',
  'object PUT ': 'PutObject',
  'object GET ': 'GetObject',
  'object HEAD ': 'HeadObject',
  'object DELETE ': 'DeleteObject',
};

const STORED_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language'];

const xmlEscape = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
const xmlUnescape = (text: string) =>
  text.replace(
    /&(lt|gt|amp|apos|quot);/g,
    (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[name] ?? '',
  );
const etagOf = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendXml(response: ServerResponse, status: number, xml: string): void {
  response.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
}

function s3Error(response: ServerResponse, status: number, code: string, message: string): void {
  sendXml(response, status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
}

/**
 * A local stand-in for the AWS calls `npm run deploy:site` makes, reached through
 * `AWS_ENDPOINT_URL` (use 127.0.0.1: an IP endpoint makes the S3 client address buckets
 * path-style, `/<bucket>/<key>`):
 * - CloudFormation (query protocol): DescribeStacks and ListStackResources, what
 *   `serverless info` reads the stack's outputs with;
 * - S3 (REST XML, path-style): ListBuckets, CreateBucket, ListObjectsV2, PutObject,
 *   GetObject, HeadObject, DeleteObject, DeleteObjects, what serverless-finch uploads with.
 *
 * Signatures are not checked. It answers only these operations (anything else is a 501
 * naming it), one page per listing; swap it for a general stand-in when the project has one.
 */
export async function startSiteDeployAws(): Promise<SiteDeployAws> {
  const stacks = new Map<string, Record<string, string>>();
  const buckets = new Map<string, Map<string, StoredObject>>();
  const calls: AwsCall[] = [];

  function cloudFormation(response: ServerResponse, form: URLSearchParams): void {
    const action = form.get('Action') ?? 'Unknown';
    calls.push({ operation: `CloudFormation.${action}` });
    const name = form.get('StackName') ?? '';
    const outputs = stacks.get(name);
    const ns = 'xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"';
    const meta = `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`;
    if (action !== 'DescribeStacks' && action !== 'ListStackResources') {
      sendXml(
        response,
        501,
        `<ErrorResponse ${ns}><Error><Code>NotImplemented</Code><Message>${action}</Message></Error></ErrorResponse>`,
      );
      return;
    }
    if (!outputs) {
      const message = `Stack with id ${xmlEscape(name)} does not exist`;
      sendXml(
        response,
        400,
        `<ErrorResponse ${ns}><Error><Type>Sender</Type><Code>ValidationError</Code><Message>${message}</Message></Error>${meta}</ErrorResponse>`,
      );
      return;
    }
    if (action === 'ListStackResources') {
      sendXml(
        response,
        200,
        `<ListStackResourcesResponse ${ns}><ListStackResourcesResult><StackResourceSummaries/></ListStackResourcesResult>${meta}</ListStackResourcesResponse>`,
      );
      return;
    }
    const members = Object.entries(outputs)
      .map(
        ([key, value]) =>
          `<member><OutputKey>${xmlEscape(key)}</OutputKey><OutputValue>${xmlEscape(value)}</OutputValue></member>`,
      )
      .join('');
    const stack = `<member><StackName>${xmlEscape(name)}</StackName><StackId>arn:aws:cloudformation:us-east-1:000000000000:stack/${xmlEscape(name)}/1</StackId><CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs>${members}</Outputs></member>`;
    sendXml(
      response,
      200,
      `<DescribeStacksResponse ${ns}><DescribeStacksResult><Stacks>${stack}</Stacks></DescribeStacksResult>${meta}</DescribeStacksResponse>`,
    );
  }

  /** The S3 operation a path-style request names, or '' for one this stand-in does not answer. */
  function s3Operation({ method, bucketName, key, url }: S3Request): string {
    const scope = bucketName === '' ? 'service' : key === '' ? 'bucket' : 'object';
    // Bucket subresources (?policy, ?website, ?cors, ?publicAccessBlock...) are other operations.
    const subresources = [...url.searchParams.keys()].filter((name) => name !== 'x-id' && name !== 'prefix').sort();
    return S3_OPERATIONS[`${scope} ${method} ${subresources.join('&')}`] ?? '';
  }

  const bucketHandlers: Record<
    string,
    (request: S3Request, response: ServerResponse, objects: Map<string, StoredObject>) => void
  > = {
    ListObjectsV2: ({ url, bucketName }, response, objects) => {
      const prefix = url.searchParams.get('prefix') ?? '';
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const contents = keys
        .map((k) => {
          const { body } = objects.get(k) as StoredObject;
          return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>${xmlEscape(etagOf(body))}</ETag><Size>${body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        })
        .join('');
      sendXml(
        response,
        200,
        `<ListBucketResult><Name>${xmlEscape(bucketName)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      );
    },
    DeleteObjects: ({ body }, response, objects) => {
      const keys = [...body.toString('utf8').matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => xmlUnescape(m[1] ?? ''));
      for (const k of keys) objects.delete(k);
      sendXml(
        response,
        200,
        `<DeleteResult>${keys.map((k) => `<Deleted><Key>${xmlEscape(k)}</Key></Deleted>`).join('')}</DeleteResult>`,
      );
    },
    PutObject: ({ key, body, headers }, response, objects) => {
      const kept = Object.entries(headers).filter(
        ([name, value]) =>
          typeof value === 'string' &&
          (STORED_HEADERS.includes(name) || name.startsWith('x-amz-meta-') || name === 'x-amz-server-side-encryption'),
      );
      objects.set(key, { body, headers: Object.fromEntries(kept) as Record<string, string> });
      response.writeHead(200, { etag: etagOf(body) }).end();
    },
    GetObject: ({ key, method }, response, objects) => {
      const stored = objects.get(key);
      if (!stored) {
        if (method === 'HEAD') response.writeHead(404).end();
        else s3Error(response, 404, 'NoSuchKey', 'The specified key does not exist.');
        return;
      }
      const headers = { ...stored.headers, etag: etagOf(stored.body), 'content-length': String(stored.body.length) };
      response.writeHead(200, headers).end(method === 'HEAD' ? undefined : stored.body);
    },
    DeleteObject: ({ key }, response, objects) => {
      objects.delete(key);
      response.writeHead(204).end();
    },
  };
  bucketHandlers.HeadObject = bucketHandlers.GetObject as (typeof bucketHandlers)[string];

  function s3(request: S3Request, response: ServerResponse): void {
    const operation = s3Operation(request);
    const { method, url, bucketName, key } = request;
    calls.push({ operation: `S3.${operation || `${method} ${url.pathname}${url.search}`}`, ...(key ? { key } : {}) });
    if (operation === 'ListBuckets') {
      const list = [...buckets.keys()]
        .map(
          (name) =>
            `<Bucket><Name>${xmlEscape(name)}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>`,
        )
        .join('');
      sendXml(
        response,
        200,
        `<ListAllMyBucketsResult><Owner><ID>standin</ID></Owner><Buckets>${list}</Buckets></ListAllMyBucketsResult>`,
      );
      return;
    }
    if (operation === 'CreateBucket') {
      if (!buckets.has(bucketName)) buckets.set(bucketName, new Map());
      response.writeHead(200, { location: `/${bucketName}` }).end();
      return;
    }
    const handler = bucketHandlers[operation];
    const objects = buckets.get(bucketName);
    if (!handler) s3Error(response, 501, 'NotImplemented', `${method} ${url.pathname}${url.search}`);
    else if (!objects) s3Error(response, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    else handler(request, response, objects);
  }

  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        const contentType = String(request.headers['content-type'] ?? '');
        if (request.method === 'POST' && contentType.includes('x-www-form-urlencoded'))
          cloudFormation(response, new URLSearchParams(body.toString('utf8')));
        else s3(s3Request(request, body), response);
      })
      .catch((error: unknown) => {
        s3Error(response, 500, 'InternalError', String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    putStack: (name, outputs) => stacks.set(name, outputs),
    createBucket: (name, objects = {}) =>
      buckets.set(
        name,
        new Map(Object.entries(objects).map(([key, body]) => [key, { body: Buffer.from(body), headers: {} }])),
      ),
    removeBucket: (name) => buckets.delete(name),
    bucket: (name) => buckets.get(name),
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
