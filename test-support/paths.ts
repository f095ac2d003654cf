import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
export const SERVERLESS_BIN = join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
export const serviceDir = (name: string) => join(ROOT, 'services', name);
