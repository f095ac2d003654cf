/**
 * The host the image builds and the application it runs agree: the runway-app unit of the
 * Image Builder component is the one the reference application documents, and its entry point,
 * port, health path and settings are the ones the revision, the hooks, the load balancer and
 * the database's parameters use. Read from the packaged dev templates and the application's files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { packagedTemplate } from '../../../test-support/packaged-templates';
import { type Json, type JsonObject, type TemplateView, templateView } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 180_000;
const APP = join(__dirname, '..', '..', '..', 'examples', 'delivered-app');
const appFile = (path: string) => readFileSync(join(APP, path), 'utf8');

let images: TemplateView;
// The platform the application runs on (target groups, task definitions, parameters) and the
// builds that deliver it (pipeline-triggers' CodeBuild projects).
let delivery: TemplateView;
let builds: TemplateView;

beforeAll(async () => {
  images = templateView(await packagedTemplate('image-pipeline-starter', 'dev'));
  delivery = templateView(await packagedTemplate('delivery-platform', 'dev'));
  builds = templateView(await packagedTemplate('pipeline-triggers', 'dev'));
}, PACKAGING_TIMEOUT);

const props = (view: TemplateView, logicalId: string) => view.resource(logicalId).Properties;

interface ComponentStep {
  name: string;
  inputs: { path?: string; content?: string }[] | JsonObject;
}

/** The unit file the component writes, as it will be on the instance. */
function componentUnit(): string {
  const document = load(String(props(images, 'RunwayAppComponent').Data)) as { phases: { steps: ComponentStep[] }[] };
  const step = document.phases.flatMap((phase) => phase.steps).find((candidate) => candidate.name === 'InstallService');
  const file = ((step?.inputs ?? []) as { path: string; content: string }[])[0];
  expect(file?.path).toBe('/etc/systemd/system/runway-app.service');
  return String(file?.content);
}

/** `Key=value` lines of a unit, `Environment=` ones merged into one map. */
function unitSettings(unit: string) {
  const settings: Record<string, string> = {};
  const environment: Record<string, string> = {};
  for (const line of unit.split('\n')) {
    const match = /^(\w+)=(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    if (match[1] === 'Environment') {
      for (const pair of String(match[2]).split(' ')) {
        const [name = '', value = ''] = pair.split('=');
        environment[name] = value;
      }
    } else settings[match[1]] = String(match[2]);
  }
  return { settings, environment };
}

describe('the runway-app unit of the image', () => {
  it('is the unit the reference application documents (systemd/runway-app.service), for the stage and region', () => {
    const documented = appFile('systemd/runway-app.service')
      .replaceAll('<region>', 'us-east-1')
      .replaceAll('<stage>', 'dev');
    expect(componentUnit()).toBe(documented);
  });

  it('runs the server.js of the release the hooks link as current, which the revision contains', () => {
    const { settings } = unitSettings(componentUnit());
    expect(settings.ExecStart).toBe('/usr/bin/env node /opt/runway/current/server.js');
    expect(settings.WorkingDirectory).toBe('/opt/runway/current');
    expect(settings.ConditionPathExists).toBe('/opt/runway/current/server.js');
    expect(appFile('deploy/install.sh')).toMatch(/^ROOT="\$\{RUNWAY_ROOT:-\/opt\/runway\}"$/m);
    expect(appFile('deploy/install.sh')).toContain('ln -sfn "$RELEASE" "$ROOT/current"');
    expect(appFile('appspec.yml')).toContain('destination: /opt/runway/incoming');
    const revision = load(appFile('buildspecs/ec2.yml')) as { artifacts: { files: string[] } };
    expect(revision.artifacts.files).toEqual(
      expect.arrayContaining(['appspec.yml', 'deploy/**/*', 'server.js', 'backend/**/*', 'frontend/**/*']),
    );
    expect(appFile('server.js')).toContain('process.env.PORT || 8080');
  });

  it('listens on the port and answers the path that ValidateService and the EC2 target groups check', () => {
    const { environment } = unitSettings(componentUnit());
    expect(environment.PORT).toBe('8080');
    expect(appFile('deploy/validate.sh')).toMatch(/^URL="\$\{HEALTH_URL:-http:\/\/127\.0\.0\.1:8080\/health\}"$/m);
    for (const group of ['AmiQatTargetGroup', 'AmiProductionTargetGroup']) {
      expect(props(delivery, group)).toMatchObject({
        Port: 8080,
        HealthCheckPath: '/health',
        Matcher: { HttpCode: '200' },
      });
    }
    const ingress = props(delivery, 'AmiInstanceSecurityGroup').SecurityGroupIngress as JsonObject[];
    // The public load balancer (production) and the internal one (QAT) both reach the app port, and nothing else.
    expect(ingress.length).toBeGreaterThan(0);
    expect(ingress).toEqual(ingress.map(() => expect.objectContaining({ FromPort: 8080, ToPort: 8080 })));
  });

  it('points the application at the stage’s parameters, which the stack writes and the instances may read', () => {
    const { environment } = unitSettings(componentUnit());
    expect(environment.APP_PARAMETER_PATH).toBe('/runway/dev/app');
    const read = /const PARAMETERS = \[([^\]]*)\]/.exec(appFile('backend/src/settings.js'))?.[1] ?? '';
    const names = [...read.matchAll(/'([^']+)'/g)].map((match) => `/runway/dev/app/${match[1]}`);
    expect(names).toHaveLength(4);
    const written = delivery.ofType('AWS::SSM::Parameter').map((id) => props(delivery, id).Name);
    expect(written).toEqual(expect.arrayContaining(names));
    const statements = JSON.stringify(props(delivery, 'AmiInstanceRole').Policies as Json);
    expect(statements).toContain('"Action":"ssm:GetParameters"');
    expect(statements).toContain('parameter/runway/dev/app/*');
    expect(statements).toContain('"Action":"secretsmanager:GetSecretValue"');
  });
});

describe('the builds', () => {
  it.each([
    ['ContainerBuildProject', 'ContainerTestReports'],
    ['ChecksBuildProject', 'ChecksTestReports'],
  ])('%s runs a buildspec of the application whose JUnit report lands in %s', (project, reports) => {
    const { Name, Source } = props(builds, project) as { Name: string; Source: { BuildSpec: string } };
    const buildspec = load(appFile(Source.BuildSpec)) as { reports: Record<string, { files: string[] }> };
    // CodeBuild files a report named <name> under the report group <project name>-<name>.
    expect(Object.keys(buildspec.reports)).toEqual(['junit']);
    expect(props(builds, reports).Name).toBe(`${Name}-junit`);
    expect(appFile('jest.config.js')).toContain("outputDirectory: 'test-results', outputName: 'junit.xml'");
  });
});

describe('the containers', () => {
  it.each([
    ['Frontend', 'frontend', 80, '/'],
    ['Backend', 'backend', 5000, '/health'],
  ])(
    '%s: the image listens on the task definition’s port and the target group checks its health path',
    (id, name, port, path) => {
      const container = (props(delivery, `${id}TaskDefinition`).ContainerDefinitions as JsonObject[])[0] as JsonObject;
      expect(container.Name).toBe(name);
      expect(container.PortMappings).toEqual([expect.objectContaining({ ContainerPort: port })]);
      expect(props(delivery, `${id}TargetGroup`)).toMatchObject({ Port: port, HealthCheckPath: path });
      const dockerfile = appFile(`${name}/Dockerfile`);
      expect(dockerfile).toContain(`PORT=${port}`);
      expect(dockerfile).toContain(`EXPOSE ${port}`);
      expect(dockerfile).toContain(`CMD ["node", "${name}/server.js"]`);
    },
  );

  it('give the backend exactly the settings it reads, as Parameter Store and secret references', () => {
    const container = (props(delivery, 'BackendTaskDefinition').ContainerDefinitions as JsonObject[])[0] as JsonObject;
    const injected = (container.Secrets as JsonObject[]).map((secret) => secret.Name);
    const read = /const ENV_NAMES = \[([^\]]*)\]/.exec(appFile('backend/src/settings.js'))?.[1] ?? '';
    expect(injected).toEqual([...read.matchAll(/'([^']+)'/g)].map((match) => match[1]));
  });
});
