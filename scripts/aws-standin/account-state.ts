import type { Stack } from './cloudformation/stack';
import { Journal } from './journal';

/** The account every answer names (STS's caller, every ARN). */
export const ACCOUNT_ID = '123456789012';

export interface StoredObject {
  body: Buffer;
  etag: string;
  lastModified: Date;
  /** Headers stored with the object and returned by GetObject/HeadObject (Content-Type, x-amz-meta-*, ...). */
  headers: Record<string, string>;
}

export interface MultipartUpload {
  key: string;
  headers: Record<string, string>;
  parts: Map<number, { body: Buffer; etag: string }>;
}

export interface Bucket {
  name: string;
  region: string;
  created: Date;
  objects: Map<string, StoredObject>;
  uploads: Map<string, MultipartUpload>;
}

export interface SsmParameter {
  name: string;
  value: string;
  type: string;
  version: number;
  lastModified: Date;
}

/**
 * A resource whose name the template chose (a table, bucket, repository...): the name is taken in the
 * account while the resource lives, also after its stack is gone when it was retained.
 */
export interface NamedResource {
  type: string;
  name: string;
  /** The stack that owns it; undefined once a stack deletion retained it. */
  stackId?: string;
  logicalId: string;
}

export interface CfnExport {
  name: string;
  value: string;
  stackId: string;
}

/** Everything the stand-in knows of "the account", shared by every service module. */
export interface AccountState {
  accountId: string;
  buckets: Map<string, Bucket>;
  /** Live stacks by name. */
  stacks: Map<string, Stack>;
  /** Every stack ever created, by stack id (deleted ones stay describable by id, as in AWS). */
  stacksById: Map<string, Stack>;
  parameters: Map<string, SsmParameter>;
  /** Keyed by `namedResourceKey(type, name)`. */
  namedResources: Map<string, NamedResource>;
  exports: Map<string, CfnExport>;
  journal: Journal;
}

export const namedResourceKey = (type: string, name: string) => `${type}|${name}`;

export function createAccountState(journal = new Journal()): AccountState {
  return {
    accountId: ACCOUNT_ID,
    buckets: new Map(),
    stacks: new Map(),
    stacksById: new Map(),
    parameters: new Map(),
    namedResources: new Map(),
    exports: new Map(),
    journal,
  };
}

export function createBucket(state: AccountState, name: string, region: string): Bucket {
  const bucket: Bucket = { name, region, created: new Date(), objects: new Map(), uploads: new Map() };
  state.buckets.set(name, bucket);
  return bucket;
}
