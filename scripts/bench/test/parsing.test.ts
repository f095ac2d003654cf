import { deflateRawSync } from 'node:zlib';
import { packageOf } from '../attribution';
import { functionEnvironment, type Template } from '../cloudformation';
import { parseReport, timingOf } from '../runs';
import { readZip } from '../zip';

describe('packaged template environment', () => {
  const template: Template = {
    Resources: {
      AlertsTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'runway-alerts' } },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'runway-x-dev-fn',
          Environment: {
            Variables: {
              TABLE: 'plain',
              TOPIC: { Ref: 'AlertsTopic' },
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
              PIPELINE: { 'Fn::Sub': 'arn:${AWS::Partition}:imagebuilder:${AWS::Region}:${AWS::AccountId}:p/qat' },
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
              ORIGINS: { 'Fn::Join': [',', [{ 'Fn::Sub': 'https://${Site.DomainName}' }, 'http://localhost:8080']] },
            },
          },
        },
      },
    },
  };

  it('resolves references and pseudo parameters to plain strings', () => {
    expect(functionEnvironment(template, 'runway-x-dev-fn')).toEqual({
      TABLE: 'plain',
      TOPIC: 'arn:aws:sns:us-east-1:123456789012:runway-alerts',
      PIPELINE: 'arn:aws:imagebuilder:us-east-1:123456789012:p/qat',
      ORIGINS: 'https://site.cloudfront.net,http://localhost:8080',
    });
  });

  it('refuses what it cannot resolve rather than passing "[object Object]"', () => {
    const withList = structuredClone(template);
    const environment = withList.Resources.Fn?.Properties?.Environment as { Variables: Record<string, unknown> };
    environment.Variables.SUBNETS = { 'Fn::Split': [',', 'a,b'] };
    expect(() => functionEnvironment(withList, 'runway-x-dev-fn')).toThrow('Cannot resolve SUBNETS');
  });
});

describe('runner reports', () => {
  it('finds the report line among the handler logs and times the phases from the spawn', () => {
    const output = '{"level":"INFO"}\n@@bench-result {"started":"2000000","loaded":"5000000","invoked":["9000000"]}\n';
    const report = parseReport(output);
    expect(report).toBeDefined();
    expect(timingOf(1_000_000n, report ?? { started: '0' })).toEqual({
      bootMs: 1,
      loadMs: 3,
      invokeMs: 4,
      codeMs: 7,
      coldMs: 8,
    });
  });

  it('gives no timing for a run that failed before its first invocation', () => {
    expect(timingOf(0n, { started: '1', error: 'Error: boom' })).toBeUndefined();
  });
});

describe('zip reader', () => {
  it('reads deflated files and skips directories', () => {
    const data = Buffer.from('exports.handler = async () => 1;\n');
    const compressed = deflateRawSync(data);
    const name = Buffer.from('src/index.js');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(0, 42);
    const centralOffset = local.length + name.length + compressed.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8); // entries on this disk
    end.writeUInt16LE(1, 10); // entries in all
    end.writeUInt32LE(central.length + name.length, 12);
    end.writeUInt32LE(centralOffset, 16);
    const zip = Buffer.concat([local, name, compressed, central, name, end]);

    expect(readZip(zip)).toEqual([{ name: 'src/index.js', data }]);
  });
});

describe('import attribution', () => {
  it('names the package of a bundled file, scoped or not, and Runway code by folder', () => {
    expect(packageOf('../../node_modules/@smithy/core/dist-es/index.js')).toBe('@smithy/core');
    expect(packageOf('../../node_modules/http-errors/index.js')).toBe('http-errors');
    expect(packageOf('../../shared/src/http/http-handler.ts')).toBe('runway shared/src');
    expect(packageOf('src/handlers/activity-create.ts')).toBe('src/handlers/activity-create.ts');
    expect(packageOf('../metrics-api/src/activities/generated/activity-create-event.js')).toBe(
      'runway (compiled schemas)',
    );
  });
});
