import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../../test-support/paths';
import { CERTIFICATE_SERVICE, setProdCertificate } from '../workspace';

const parse = require('serverless/lib/utils/fs/parse') as (file: string, text: string) => unknown;
const ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000';

describe('the hand step of prod’s certificate, in the rehearsal’s copy', () => {
  let copy: string;
  const file = () => join(copy, 'services', CERTIFICATE_SERVICE, 'serverless.yml');
  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'runway-rehearsal-test-'));
    mkdirSync(join(copy, 'services', CERTIFICATE_SERVICE), { recursive: true });
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  it('sets certificateArn under params.prod of the real serverless.yml, and nothing else', () => {
    copyFileSync(join(ROOT, 'services', CERTIFICATE_SERVICE, 'serverless.yml'), file());
    setProdCertificate(copy, ARN);
    type Params = { params: Record<string, Record<string, unknown>> };
    const before = parse(file(), readFileSync(join(ROOT, 'services', CERTIFICATE_SERVICE, 'serverless.yml'), 'utf8'));
    const after = parse(file(), readFileSync(file(), 'utf8')) as Params;
    expect(after.params.prod?.certificateArn).toBe(ARN);
    const { certificateArn: _set, ...rest } = after.params.prod ?? {};
    expect({ ...after, params: { ...after.params, prod: rest } }).toEqual(before);
  });

  it('refuses a file without params.prod rather than deploying prod without the hand step', () => {
    writeFileSync(file(), 'service: x\nparams:\n  default:\n    region: us-east-1\n');
    expect(() => setProdCertificate(copy, ARN)).toThrow(/no params.prod/);
  });
});
