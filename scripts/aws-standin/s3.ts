import { type AccountState, type Bucket, createBucket } from './account-state';
import { AwsError, UnknownOperationError } from './aws-error';
import { bucketNotEmpty, noSuchBucket } from './s3-errors';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  deleteObject,
  deleteObjects,
  getObject,
  putObject,
  S3_XMLNS,
  uploadPart,
} from './s3-objects';
import type { RoutedRequest, ServiceModule, StandinRequest, StandinResponse } from './standin-request';
import { xmlDocument } from './xml';

/**
 * S3 (REST-XML), path-style (`/<bucket>/<key>`): what an IP endpoint makes the SDK send.
 * Buckets, objects and multipart uploads; no versioning, policies or other bucket settings.
 */

const xml = (root: string, body: unknown): StandinResponse => ({
  status: 200,
  headers: { 'content-type': 'application/xml' },
  body: xmlDocument(root, body, S3_XMLNS),
});

function existingBucket(state: AccountState, name: string): Bucket {
  const bucket = state.buckets.get(name);
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

/** Deletes an empty bucket; a bucket holding objects is refused with BucketNotEmpty (409), as S3 does. */
export function deleteBucket(state: AccountState, name: string): void {
  const bucket = existingBucket(state, name);
  if (bucket.objects.size > 0) throw bucketNotEmpty(name);
  state.buckets.delete(name);
}

interface ListPage {
  keys: string[];
  commonPrefixes: string[];
  truncated: boolean;
}

function listKeys(bucket: Bucket, query: URLSearchParams, after: string): ListPage {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeys = Number(query.get('max-keys') ?? 1000);
  const keys: string[] = [];
  const commonPrefixes = new Set<string>();
  const sorted = [...bucket.objects.keys()].filter((key) => key.startsWith(prefix) && key > after).sort();
  for (const key of sorted) {
    if (keys.length + commonPrefixes.size >= maxKeys)
      return { keys, commonPrefixes: [...commonPrefixes], truncated: true };
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) commonPrefixes.add(key.slice(0, cut + delimiter.length));
    else keys.push(key);
  }
  return { keys, commonPrefixes: [...commonPrefixes], truncated: false };
}

function listObjectsV2(bucket: Bucket, query: URLSearchParams): StandinResponse {
  const token = query.get('continuation-token');
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (query.get('start-after') ?? '');
  const page = listKeys(bucket, query, after);
  const encode = query.get('encoding-type') === 'url' ? encodeURIComponent : (key: string) => key;
  const last = page.keys.at(-1) ?? page.commonPrefixes.at(-1) ?? '';
  return xml('ListBucketResult', {
    Name: bucket.name,
    Prefix: query.get('prefix') ?? '',
    KeyCount: page.keys.length + page.commonPrefixes.length,
    MaxKeys: Number(query.get('max-keys') ?? 1000),
    Delimiter: query.get('delimiter') ?? undefined,
    EncodingType: query.get('encoding-type') ?? undefined,
    IsTruncated: page.truncated,
    ContinuationToken: token ?? undefined,
    NextContinuationToken: page.truncated ? Buffer.from(last).toString('base64url') : undefined,
    Contents: page.keys.map((key) => {
      const object = bucket.objects.get(key);
      return {
        Key: encode(key),
        LastModified: object?.lastModified.toISOString(),
        ETag: object?.etag,
        Size: object?.body.length,
        StorageClass: 'STANDARD',
      };
    }),
    CommonPrefixes: page.commonPrefixes.map((Prefix) => ({ Prefix: encode(Prefix) })),
  });
}

/** Unversioned buckets list each object once, with version id "null". */
function listObjectVersions(bucket: Bucket, query: URLSearchParams): StandinResponse {
  const page = listKeys(bucket, query, query.get('key-marker') ?? '');
  return xml('ListVersionsResult', {
    Name: bucket.name,
    Prefix: query.get('prefix') ?? '',
    MaxKeys: Number(query.get('max-keys') ?? 1000),
    IsTruncated: page.truncated,
    NextKeyMarker: page.truncated ? page.keys.at(-1) : undefined,
    Version: page.keys.map((key) => {
      const object = bucket.objects.get(key);
      return {
        Key: key,
        VersionId: 'null',
        IsLatest: true,
        LastModified: object?.lastModified.toISOString(),
        ETag: object?.etag,
        Size: object?.body.length,
        StorageClass: 'STANDARD',
      };
    }),
  });
}

function listBuckets(state: AccountState): StandinResponse {
  return xml('ListAllMyBucketsResult', {
    Owner: { ID: state.accountId, DisplayName: 'runway-rehearsal' },
    Buckets: {
      Bucket: [...state.buckets.values()].map((bucket) => ({
        Name: bucket.name,
        CreationDate: bucket.created.toISOString(),
      })),
    },
  });
}

type Route = { action: string; run: () => StandinResponse };

function bucketRoute(state: AccountState, request: StandinRequest, name: string): Route | undefined {
  const { method, query } = request;
  const bucket = () => existingBucket(state, name);
  if (method === 'HEAD') {
    return { action: 'HeadBucket', run: () => ({ status: 200, headers: { 'x-amz-bucket-region': bucket().region } }) };
  }
  if (method === 'GET' && query.has('location')) {
    const region = () => (bucket().region === 'us-east-1' ? '' : bucket().region);
    return { action: 'GetBucketLocation', run: () => xml('LocationConstraint', region()) };
  }
  if (method === 'GET' && query.get('list-type') === '2')
    return { action: 'ListObjectsV2', run: () => listObjectsV2(bucket(), query) };
  if (method === 'GET' && query.has('versions'))
    return { action: 'ListObjectVersions', run: () => listObjectVersions(bucket(), query) };
  if (method === 'POST' && query.has('delete'))
    return { action: 'DeleteObjects', run: () => deleteObjects(bucket(), request) };
  if ([...query.keys()].length > 0) return undefined;
  if (method === 'PUT') {
    return {
      action: 'CreateBucket',
      run: () => {
        if (state.buckets.has(name) && request.region !== 'us-east-1') {
          throw new AwsError(
            'BucketAlreadyOwnedByYou',
            'Your previous request to create the named bucket succeeded and you already own it.',
            409,
            { BucketName: name },
          );
        }
        if (!state.buckets.has(name)) createBucket(state, name, request.region);
        return { status: 200, headers: { location: `/${name}` } };
      },
    };
  }
  if (method === 'DELETE')
    return {
      action: 'DeleteBucket',
      run: () => {
        deleteBucket(state, name);
        return { status: 204 };
      },
    };
  return undefined;
}

function objectRoute(state: AccountState, request: StandinRequest, name: string, key: string): Route | undefined {
  const { method, query } = request;
  const bucket = () => existingBucket(state, name);
  if (method === 'PUT' && query.has('uploadId'))
    return { action: 'UploadPart', run: () => uploadPart(bucket(), request) };
  if (method === 'POST' && query.has('uploads'))
    return { action: 'CreateMultipartUpload', run: () => createMultipartUpload(bucket(), key, request) };
  if (method === 'POST' && query.has('uploadId'))
    return { action: 'CompleteMultipartUpload', run: () => completeMultipartUpload(bucket(), key, request) };
  if (method === 'DELETE' && query.has('uploadId'))
    return { action: 'AbortMultipartUpload', run: () => abortMultipartUpload(bucket(), request) };
  if ([...query.keys()].some((name) => !name.startsWith('x-id') && !name.startsWith('X-Amz-'))) return undefined;
  if (method === 'PUT' && !request.headers['x-amz-copy-source'])
    return { action: 'PutObject', run: () => putObject(bucket(), key, request) };
  if (method === 'GET') return { action: 'GetObject', run: () => getObject(bucket(), key, true) };
  if (method === 'HEAD') return { action: 'HeadObject', run: () => getObject(bucket(), key, false) };
  if (method === 'DELETE') return { action: 'DeleteObject', run: () => deleteObject(bucket(), key) };
  return undefined;
}

function routeOf(state: AccountState, request: StandinRequest, name: string, key: string): Route | undefined {
  if (key) return objectRoute(state, request, name, key);
  if (name) return bucketRoute(state, request, name);
  return request.method === 'GET' ? { action: 'ListBuckets', run: () => listBuckets(state) } : undefined;
}

export function s3Service(state: AccountState): ServiceModule {
  return {
    route(request): RoutedRequest {
      const [, name = '', ...rest] = request.path.split('/');
      const key = rest.join('/');
      const size = request.headers['x-amz-decoded-content-length'] ?? request.headers['content-length'];
      const params = {
        bucket: name || undefined,
        key: key || undefined,
        size: size === undefined ? undefined : Number(size),
      };
      const route = routeOf(state, request, name, key);
      if (!route) {
        const subresources = [...request.query.keys()].join(',');
        throw new UnknownOperationError(
          `${request.method} /${name}${key ? '/{key}' : ''}?${subresources}`,
          'NotImplemented',
          501,
        );
      }
      return { action: route.action, params, run: route.run };
    },
    renderError(error, request) {
      // HEAD answers carry no body; the SDK reads the status alone.
      if (request.method === 'HEAD') return { status: error.status };
      const body = xmlDocument('Error', {
        Code: error.code,
        Message: error.message,
        ...error.extra,
        RequestId: crypto.randomUUID(),
      });
      return { status: error.status, headers: { 'content-type': 'application/xml' }, body };
    },
  };
}
