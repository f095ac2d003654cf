/**
 * `npm run verify`: offline checks of every packaged CloudFormation template, no AWS
 * credentials and no network.
 *   1. packages every service for dev and prod (scripts/package-all.ts);
 *   2. checks resource types and properties against the CloudFormation spec, and every
 *      Ref / Fn::GetAtt / Fn::Sub / DependsOn / Condition against what the template declares;
 *   3. fails on IAM statements that allow `*`, `service:*` or NotAction;
 *   3b. fails on what only a real deploy would reject (check-deploy.ts): output values that are not
 *      one value, principals naming a service-linked role the account may lack, names over the
 *      services' length limits, global names (S3 buckets, Cognito domains) without the account,
 *      fixed names on resources a stack deletion retains (prod's tables), which block a redeploy,
 *      launch template images resolved again on every update, `$Latest`/`$Default` as an Auto
 *      Scaling group's launch template version, roles without a permissions boundary;
 *   4. runs cdk-nag AwsSolutions and fails on findings not in nag-acknowledgements.yml
 *      (and on acknowledgements that no longer match anything);
 *   5. packages the other choices a stage can make (VARIANTS: plain HTTP, no NAT, no ECS
 *      cluster, CodeCommit) and runs checks 2 and 3 on them too.
 * Usage: npm run verify [-- --no-package] [-- --service pipeline-triggers] [-- --stage prod]
 *        npm run verify -- --from-journal <file>: checks 2–4 on every distinct template a stand-in
 *        journal holds (what `npm run rehearse` really deployed, with compose's params)
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packagedTemplate } from '../../test-support/packaged-templates';
import { packageDir, SERVICES, STAGES, TEMPLATE_FILE } from '../../test-support/packaging';
import type { Finding, Template } from '../../test-support/template';
import { packageAll, printPackageRun } from '../package-all';
import { readJournal, serviceAndStage } from '../rehearse/journal-file';
import { canonical, comparable } from '../rehearse/template-checks';
import { type Acknowledgement, acknowledges, loadAcknowledgements, type NagFinding } from './acknowledgements';
import { type CfnSpec, loadCfnSpec } from './cfn-spec';
import { checkDeploy } from './check-deploy';
import { checkIam } from './check-iam';
import { runNag } from './check-nag';
import { checkReferences } from './check-references';
import { allowedValueNotes, checkSpec } from './check-spec';

interface TemplateResult {
  service: string;
  stage: string;
  resources: number;
  findings: Finding[];
  nag: NagFinding[];
  acknowledged: number;
  notes: string[];
}

function verifyTemplate(
  spec: CfnSpec,
  acknowledgements: Acknowledgement[],
  used: Set<Acknowledgement>,
  service: string,
  stage: string,
  templateFile = join(packageDir(service, stage), TEMPLATE_FILE),
): TemplateResult {
  const template = JSON.parse(readFileSync(templateFile, 'utf8')) as Template;
  const findings = [
    ...checkSpec(spec, template),
    ...checkReferences(spec, template),
    ...checkIam(template),
    ...checkDeploy(template),
  ];
  let nag: NagFinding[] = [];
  try {
    nag = runNag({ service, stage, templateFile });
  } catch (error) {
    findings.push({ check: 'nag', where: templateFile, message: `cdk-nag could not load the template: ${error}` });
  }
  const open = nag.filter((finding) => {
    const entry = acknowledgements.find((candidate) => acknowledges(candidate, finding));
    if (entry) used.add(entry);
    return !entry;
  });
  return {
    service,
    stage,
    resources: Object.keys(template.Resources).length,
    findings,
    nag: open,
    acknowledged: nag.length - open.length,
    notes: allowedValueNotes(spec, template),
  };
}

function printResult(result: TemplateResult): void {
  const count = (check: Finding['check']) => result.findings.filter((finding) => finding.check === check).length;
  const failed = result.findings.length + result.nag.length > 0;
  console.log(
    `${failed ? 'FAIL' : 'ok  '}  ${`${result.service} (${result.stage})`.padEnd(32)} ${String(result.resources).padStart(3)} resources | ` +
      `spec ${count('spec')} | refs ${count('references')} | iam ${count('iam')} | deploy ${count('deploy')} | ` +
      `nag ${result.nag.length} open, ${result.acknowledged} acknowledged`,
  );
  for (const finding of result.findings) console.log(`        [${finding.check}] ${finding.where}: ${finding.message}`);
  for (const finding of result.nag) {
    const detail = finding.detail ? ` [${finding.detail}]` : '';
    console.log(`        [nag] ${finding.rule}${detail} on ${finding.resource}: ${finding.description}`);
  }
  for (const note of result.notes) console.log(`        note: ${note}`);
}

function verifyAll(selection: { services: string[]; stages: string[] }, complete: boolean): boolean {
  const spec = loadCfnSpec();
  const acknowledgements = loadAcknowledgements();
  const used = new Set<Acknowledgement>();
  console.log(
    `\nChecking templates (${spec.resourceCount} resource types in the spec, ${acknowledgements.length} acknowledgements)`,
  );
  const results: TemplateResult[] = [];
  for (const service of selection.services) {
    for (const stage of selection.stages) {
      if (!existsSync(join(packageDir(service, stage), TEMPLATE_FILE))) {
        console.error(`FAIL  ${service} (${stage}): no packaged template; run without --no-package`);
        return false;
      }
      const result = verifyTemplate(spec, acknowledgements, used, service, stage);
      printResult(result);
      results.push(result);
    }
  }
  // Only a run over every template can tell that an acknowledgement matches nothing any more.
  const stale = complete ? acknowledgements.filter((entry) => !used.has(entry)) : [];
  for (const entry of stale) {
    console.log(`FAIL  acknowledgement matches no finding any more: ${entry.rule} on ${entry.resources.join(', ')}`);
  }
  const failed = results.filter((result) => result.findings.length + result.nag.length > 0).length;
  if (failed > 0 || stale.length > 0) {
    console.error(`\nverify failed: ${failed} template(s) with findings, ${stale.length} stale acknowledgement(s)`);
    return false;
  }
  console.log(`\nverify passed: ${results.length} templates`);
  return true;
}

/** Other choices a stage can make, each packaged with only what it creates. */
const VARIANTS: { service: string; stage: string; params: Record<string, string> }[] = [
  // prod is checked with a (placeholder) certificate; this is the stage that opts into plain HTTP.
  { service: 'delivery-platform', stage: 'prod', params: { certificateArn: 'none', allowPlainHttp: 'true' } },
  { service: 'delivery-platform', stage: 'dev', params: { natGateways: 'none' } },
  // No ECS cluster: the platform's outputs say `none`, and pipeline-triggers then makes no container pipelines.
  { service: 'delivery-platform', stage: 'dev', params: { ecsCluster: 'false' } },
  { service: 'pipeline-triggers', stage: 'dev', params: { ecsClusterName: 'none', sourceProvider: 'codecommit' } },
  { service: 'delivery-platform', stage: 'prod', params: { containerImageTag: 'bootstrap' } },
  { service: 'pipeline-triggers', stage: 'prod', params: { alertsEmail: 'ops@example.com' } },
];

async function verifyVariants(): Promise<boolean> {
  const spec = loadCfnSpec();
  console.log('\nChecking the other choices of a stage (spec, references, IAM, deploy; no nag)');
  let ok = true;
  for (const { service, stage, params } of VARIANTS) {
    const template = await packagedTemplate(service, stage, params);
    const findings = [
      ...checkSpec(spec, template),
      ...checkReferences(spec, template),
      ...checkIam(template),
      ...checkDeploy(template),
    ];
    const label = `${service} (${stage}, ${Object.entries(params)
      .map(([key, value]) => `${key}=${value.length > 20 ? `${value.slice(0, 17)}...` : value}`)
      .join(' ')})`;
    console.log(
      `${findings.length > 0 ? 'FAIL' : 'ok  '}  ${label}: ${Object.keys(template.Resources).length} resources`,
    );
    for (const finding of findings) console.log(`        [${finding.check}] ${finding.where}: ${finding.message}`);
    if (findings.length > 0) ok = false;
  }
  return ok;
}

/**
 * The templates a stand-in received (`npm run rehearse` writes the journal): each distinct one
 * (two deploys of the same code differ only in their artifacts' folder), with every check
 * including cdk-nag. Acknowledgements are not reported stale: a journal need not hold every stage.
 */
function verifyJournal(journalFile: string): boolean {
  const spec = loadCfnSpec();
  const acknowledgements = loadAcknowledgements();
  const seen = new Set<string>();
  const folder = mkdtempSync(join(tmpdir(), 'runway-journal-templates-'));
  console.log(`\nChecking the templates the stand-in received (${journalFile})`);
  let failed = 0;
  let checked = 0;
  for (const received of readJournal(journalFile).templates) {
    const key = `${received.stackName} ${canonical(comparable(received.template))}`;
    // The framework's first template holds only its deployment bucket: nothing to check.
    if (seen.has(key) || Object.keys(received.template.Resources).length <= 2) continue;
    seen.add(key);
    const { service, stage } = serviceAndStage(received.stackName);
    const templateFile = join(folder, `${checked}-${received.stackName}.json`);
    writeFileSync(templateFile, JSON.stringify(received.template));
    const result = verifyTemplate(spec, acknowledgements, new Set(), service, stage, templateFile);
    printResult({ ...result, service: `${service} #${received.index} ${received.action}` });
    checked++;
    if (result.findings.length + result.nag.length > 0) failed++;
  }
  if (failed > 0 || checked === 0) {
    console.error(`\nverify failed: ${failed} of ${checked} received template(s) with findings`);
    return false;
  }
  console.log(`\nverify passed: ${checked} received templates`);
  return true;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      service: { type: 'string', multiple: true },
      stage: { type: 'string', multiple: true },
      'no-package': { type: 'boolean' },
      'from-journal': { type: 'string' },
    },
  });
  const journal = values['from-journal'];
  if (journal) process.exit(verifyJournal(journal) ? 0 : 1);
  const services = values.service ?? [];
  const stages = values.stage ?? [];
  const selection = {
    services: services.length > 0 ? services : SERVICES,
    stages: stages.length > 0 ? stages : STAGES,
  };
  if (!values['no-package']) {
    console.log('Packaging (serverless package, offline)');
    const runs = await packageAll(selection.services, selection.stages, printPackageRun);
    if (runs.some((run) => !run.ok)) process.exit(1);
  }
  const complete = services.length === 0 && stages.length === 0;
  if (!verifyAll(selection, complete)) process.exit(1);
  if (complete && !(await verifyVariants())) process.exit(1);
}

void main();
