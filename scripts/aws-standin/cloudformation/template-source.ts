import type { AccountState } from '../account-state';
import { validationError } from '../aws-error';
import { queryString } from '../query-protocol';
import { checkTemplateBodySize, checkTemplateUrlSize } from './template';

/** Where a template came from: the request's TemplateBody, or the stand-in's S3 object a TemplateURL names. */
export interface TemplateSource {
  body: string;
  source: string;
}

/** `https://s3.amazonaws.com/<bucket>/<key>`, `https://s3.<region>.amazonaws.com/...`, `https://<bucket>.s3...amazonaws.com/<key>`, or the stand-in's own URL. */
function bucketAndKey(url: URL): { bucket: string; key: string } | undefined {
  const path = decodeURIComponent(url.pathname).replace(/^\//, '');
  const virtualHost = /^(.+)\.s3[.-]/.exec(url.hostname);
  if (virtualHost?.[1]) return { bucket: virtualHost[1], key: path };
  const [bucket, ...key] = path.split('/');
  return bucket ? { bucket, key: key.join('/') } : undefined;
}

export function readTemplateSource(state: AccountState, params: Record<string, unknown>): TemplateSource | undefined {
  const body = queryString(params, 'TemplateBody');
  if (body !== undefined) {
    checkTemplateBodySize(body);
    return { body, source: 'TemplateBody' };
  }
  const url = queryString(params, 'TemplateURL');
  if (url === undefined) return undefined;
  let location: { bucket: string; key: string } | undefined;
  try {
    location = bucketAndKey(new URL(url));
  } catch {
    location = undefined;
  }
  if (!location) throw validationError('TemplateURL must be a supported URL.');
  const object = state.buckets.get(location.bucket)?.objects.get(location.key);
  if (!object) throw validationError('S3 error: The specified key does not exist.');
  checkTemplateUrlSize(object.body);
  return { body: object.body.toString('utf8'), source: url };
}
