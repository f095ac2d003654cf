/**
 * Reads serverless.yml and serverless-compose.yml files the way osls does (with the
 * CloudFormation tags `!Sub`, `!Ref`...), without resolving any variable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serviceDir } from './paths';

// osls's own parser: YAML with its CloudFormation schema.
const parse = require('serverless/lib/utils/fs/parse') as (filePath: string, contents: string) => unknown;

export interface ServiceConfig {
  service: string;
  params?: { default?: Record<string, unknown> } & Record<string, Record<string, unknown> | undefined>;
}

export interface ComposeConfig {
  services: Record<string, { path: string; params?: Record<string, string> }>;
}

function readYaml<T>(file: string): T {
  return parse(file, readFileSync(file, 'utf8')) as T;
}

export const readServiceConfig = (service: string) =>
  readYaml<ServiceConfig>(join(serviceDir(service), 'serverless.yml'));
export const readComposeConfig = () => readYaml<ComposeConfig>(join(ROOT, 'serverless-compose.yml'));

/** `${service.Output}` → { service, output }; other values are not compose outputs. */
export function composeOutput(value: string): { service: string; output: string } | undefined {
  const match = /^\$\{([a-z0-9-]+)\.([A-Za-z0-9]+)\}$/.exec(value.trim());
  return match ? { service: match[1] ?? '', output: match[2] ?? '' } : undefined;
}
