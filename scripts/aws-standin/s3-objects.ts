import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Bucket, StoredObject } from './account-state';
import { decodedPayload } from './aws-chunked';
import { AwsError } from './aws-error';
import { noSuchKey, noSuchUpload } from './s3-errors';
import type { StandinRequest, StandinResponse } from './standin-request';
import { asList, isRecord, parseXml, xmlDocument } from './xml';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const MIN_PART_SIZE = 5 * 1024 * 1024;

/** Request headers S3 keeps with an object and returns on GetObject/HeadObject. */
const STORED_HEADERS = new Set([
  'content-type',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'x-amz-server-side-encryption',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
]);

function storedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = { 'content-type': 'binary/octet-stream' };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (STORED_HEADERS.has(name) || name.startsWith('x-amz-meta-')) kept[name] = String(value);
  }
  // The chunked transfer is the SDK's doing, not the object's encoding.
  const encoding = kept['content-encoding']?.replace(/(^|,\s*)aws-chunked/, '').replace(/^,\s*/, '');
  if (encoding) kept['content-encoding'] = encoding;
  else delete kept['content-encoding'];
  return kept;
}

const md5 = (body: Buffer) => createHash('md5').update(body).digest('hex');

export function putObject(bucket: Bucket, key: string, request: StandinRequest): StandinResponse {
  const body = decodedPayload(request.body, request.headers);
  const object: StoredObject = {
    body,
    etag: `"${md5(body)}"`,
    lastModified: new Date(),
    headers: storedHeaders(request.headers),
  };
  bucket.objects.set(key, object);
  return { status: 200, headers: { etag: object.etag } };
}

function objectHeaders(object: StoredObject): Record<string, string> {
  return {
    ...object.headers,
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'content-length': String(object.body.length),
    'accept-ranges': 'bytes',
  };
}

export function getObject(bucket: Bucket, key: string, withBody: boolean): StandinResponse {
  const object = bucket.objects.get(key);
  if (!object) throw noSuchKey(key);
  return { status: 200, headers: objectHeaders(object), body: withBody ? object.body : undefined };
}

export function deleteObject(bucket: Bucket, key: string): StandinResponse {
  bucket.objects.delete(key);
  return { status: 204 };
}

/** DeleteObjects: `<Delete><Object><Key>` in, `<DeleteResult><Deleted>` out (absent keys count as deleted). */
export function deleteObjects(bucket: Bucket, request: StandinRequest): StandinResponse {
  const document = parseXml(request.body.toString('utf8'));
  const deletion = isRecord(document.Delete) ? document.Delete : {};
  const keys = asList(deletion.Object).map((entry) => String(isRecord(entry) ? entry.Key : ''));
  for (const key of keys) bucket.objects.delete(key);
  const quiet = String(deletion.Quiet) === 'true';
  const body = xmlDocument('DeleteResult', { Deleted: quiet ? [] : keys.map((Key) => ({ Key })) }, S3_XMLNS);
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}

export function createMultipartUpload(bucket: Bucket, key: string, request: StandinRequest): StandinResponse {
  const uploadId = randomBytes(24).toString('base64url');
  bucket.uploads.set(uploadId, { key, headers: storedHeaders(request.headers), parts: new Map() });
  const body = xmlDocument(
    'InitiateMultipartUploadResult',
    { Bucket: bucket.name, Key: key, UploadId: uploadId },
    S3_XMLNS,
  );
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}

export function uploadPart(bucket: Bucket, request: StandinRequest): StandinResponse {
  const uploadId = request.query.get('uploadId') ?? '';
  const upload = bucket.uploads.get(uploadId);
  if (!upload) throw noSuchUpload(uploadId);
  const body = decodedPayload(request.body, request.headers);
  const etag = `"${md5(body)}"`;
  upload.parts.set(Number(request.query.get('partNumber')), { body, etag });
  return { status: 200, headers: { etag } };
}

interface CompletedPart {
  PartNumber: number;
  ETag: string;
}

function completedParts(request: StandinRequest): CompletedPart[] {
  const document = parseXml(request.body.toString('utf8'));
  const completion = isRecord(document.CompleteMultipartUpload) ? document.CompleteMultipartUpload : {};
  return asList(completion.Part).map((part) => {
    const fields = isRecord(part) ? part : {};
    return { PartNumber: Number(fields.PartNumber), ETag: String(fields.ETag) };
  });
}

/** Joins the listed parts; as S3 does, refuses unknown parts and parts under 5 MiB but the last. */
export function completeMultipartUpload(bucket: Bucket, key: string, request: StandinRequest): StandinResponse {
  const uploadId = request.query.get('uploadId') ?? '';
  const upload = bucket.uploads.get(uploadId);
  if (!upload) throw noSuchUpload(uploadId);
  const listed = completedParts(request);
  const bodies = listed.map(({ PartNumber, ETag }, index) => {
    const part = upload.parts.get(PartNumber);
    if (!part || part.etag.replaceAll('"', '') !== ETag.replaceAll('"', '')) {
      throw new AwsError(
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      );
    }
    if (index < listed.length - 1 && part.body.length < MIN_PART_SIZE) {
      throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size');
    }
    return part.body;
  });
  const partHashes = Buffer.concat(bodies.map((body) => Buffer.from(md5(body), 'hex')));
  const etag = `"${md5(partHashes)}-${listed.length}"`;
  bucket.objects.set(key, { body: Buffer.concat(bodies), etag, lastModified: new Date(), headers: upload.headers });
  bucket.uploads.delete(uploadId);
  const body = xmlDocument(
    'CompleteMultipartUploadResult',
    { Location: `/${bucket.name}/${key}`, Bucket: bucket.name, Key: key, ETag: etag },
    S3_XMLNS,
  );
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}

export function abortMultipartUpload(bucket: Bucket, request: StandinRequest): StandinResponse {
  const uploadId = request.query.get('uploadId') ?? '';
  if (!bucket.uploads.delete(uploadId)) throw noSuchUpload(uploadId);
  return { status: 204 };
}
