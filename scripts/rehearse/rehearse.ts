/**
 * `npm run rehearse`: every deploy command README.md and DELIVERY.md print, word for word and in
 * the order a person runs them, in a temporary copy of the repository, with fake credentials,
 * against the local AWS stand-in (scripts/aws-standin). After each step it checks what the
 * stand-in holds; at the end it runs `npm run verify -- --from-journal` on what it received.
 * Fails on any failed command, any check, and any documented deploy command it does not run.
 * Usage: npm run rehearse [-- --keep]   (--keep leaves the copy and its .serverless state)
 * The journal, the log and the report are written to test-results/rehearsal/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { PLACEHOLDER_CERTIFICATE_ARN } from '../../test-support/packaging';
import { ROOT } from '../../test-support/paths';
import { type ComposeService, composeFeedsOf, composeServices } from './compose-services';
import {
  type DocumentedCommand,
  deployDocs,
  documentedCommands,
  type FeedRow,
  feedsDiffer,
  feedsTable,
  type MarkedBlock,
  markedBlocks,
  type Problem,
  paramsGivenToCompose,
  type RetainedRow,
  retainedFor,
  retainedTable,
  unrehearsed,
} from './doc-commands';
import { latestTemplates, readJournal } from './journal-file';
import { plan, type Step } from './plan';
import { runLine } from './shell';
import { type StandIn, startStandIn } from './stand-in';
import { accountId, describeStack } from './stand-in-state';
import {
  composeFeeds,
  ecsTasksWithoutImage,
  globalNamesWithoutAccount,
  oneServiceDrift,
  protectedAtRemoval,
  retainedResources,
} from './template-checks';
import { copyRepository, forgetComposeState, setProdCertificate } from './workspace';

const DOCS = deployDocs(ROOT);
const DEPLOY_ACCESS_SERVICE = 'runway-deploy-access';
const OUT = join(ROOT, 'test-results', 'rehearsal');

interface StepResult {
  title: string;
  milliseconds: number;
  failedCommands: string[];
  problems: Problem[];
}

/** The commands the docs print, and what is wrong with them before anything runs. */
function readDocs() {
  const problems: Problem[] = [];
  const blocks: MarkedBlock[] = [];
  const documented: DocumentedCommand[] = [];
  let retained: RetainedRow[] | undefined;
  let feeds: FeedRow[] | undefined;
  for (const file of DOCS) {
    const markdown = readFileSync(join(ROOT, file), 'utf8');
    const marked = markedBlocks(file, markdown);
    blocks.push(...marked.blocks);
    problems.push(...marked.problems);
    documented.push(...documentedCommands(file, markdown));
    retained ??= retainedTable(markdown);
    feeds ??= feedsTable(markdown);
  }
  problems.push(...unrehearsed(documented, blocks), ...paramsGivenToCompose(blocks));
  if (!retained)
    problems.push({
      where: 'DELIVERY.md',
      message: 'no <!-- rehearse-table: retained --> table of what a removal keeps',
    });
  // The docs say which stack gives what to whom as serverless-compose.yml does (compose-param.js reads it too).
  if (!feeds)
    problems.push({
      where: 'DELIVERY.md',
      message: 'no <!-- rehearse-table: compose-feeds --> table of what compose passes',
    });
  else problems.push(...feedsDiffer('DELIVERY.md', feeds, composeFeedsOf(ROOT, composeServices(ROOT))));
  return { blocks, problems, retained: retained ?? [] };
}

function commandEnv(standIn: StandIn): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // Nothing of this machine's AWS settings or of the local stack's reaches the commands.
    if (/^(AWS_|RUNWAY_)/.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'AKIAREHEARSAL0000000',
    AWS_SECRET_ACCESS_KEY: 'rehearsal-secret-access-key',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: standIn.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    CI: 'true',
  };
}

/** The line of a failed command's output that says why (osls prints it after "Error:"). */
function failureReason(tail: string): string {
  const lines = tail
    .split('\n')
    .map((line) => line.replace(/^.*› /, '').trim())
    .filter((line) => line !== '');
  const at = lines.findLastIndex((line) => /^Error:?$/.test(line));
  const reason = at >= 0 ? lines[at + 1] : lines.findLast((line) => /error/i.test(line));
  return (reason ?? lines.at(-1) ?? 'no output').slice(0, 300);
}

/** The stage's deploy access (services/deploy-access) is outside compose: made first, removed last. */
async function deployAccessChecks(step: Step): Promise<Problem[]> {
  const name = `${DEPLOY_ACCESS_SERVICE}-${step.stage}`;
  const access = await describeStack(name);
  if (step.kind === 'remove')
    return access ? [{ where: name, message: `still exists after the removal (${access.status})` }] : [];
  if (!access) return [{ where: name, message: 'does not exist' }];
  return /^(CREATE|UPDATE)_COMPLETE$/.test(access.status) ? [] : [{ where: name, message: `is ${access.status}` }];
}

class Rehearsal {
  readonly results: StepResult[] = [];
  private cwd: string;

  constructor(
    private readonly copy: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly journalFile: string,
    private readonly services: ComposeService[],
    private readonly retained: RetainedRow[],
  ) {
    this.cwd = copy;
  }

  private journal() {
    return readJournal(this.journalFile);
  }

  private stackName(alias: string, stage: string): string {
    return `${this.services.find((service) => service.alias === alias)?.serviceName ?? alias}-${stage}`;
  }

  async run(step: Step): Promise<void> {
    const title = `${step.kind} (${step.stage})${step.again ? ', again after its removal' : ''}${step.freshMachine ? ', on a machine that has not deployed' : ''}`;
    console.log(`\n== ${title}`);
    const started = Date.now();
    const result: StepResult = { title, milliseconds: 0, failedCommands: [], problems: [] };
    if (step.freshMachine) {
      forgetComposeState(this.copy);
      this.cwd = this.copy;
    }
    for (const planned of step.commands) {
      const before = this.journal().templates.length;
      if (/\bnpx serverless remove\b/.test(planned.command)) result.problems.push(...this.protectedNow(step.stage));
      const line = await runLine(planned.command, this.cwd, this.env, join(OUT, 'commands.log'));
      this.cwd = line.cwd;
      const seconds = (line.milliseconds / 1000).toFixed(0);
      console.log(`${line.exitCode === 0 ? 'ok  ' : 'FAIL'}  ${planned.command}  (${seconds} s)`);
      if (line.exitCode !== 0) {
        result.failedCommands.push(`${planned.command}\` failed: ${failureReason(line.tail)}`);
        console.log(line.tail.replace(/^/gm, '      | '));
      }
      if (step.kind === 'one-service')
        result.problems.push(...this.oneServiceChecks(planned.service, step.stage, before));
    }
    result.problems.push(...(await this.afterStep(step)));
    result.milliseconds = Date.now() - started;
    for (const problem of result.problems) console.log(`FAIL  [check] ${problem.where}: ${problem.message}`);
    this.results.push(result);
  }

  /** Protected resources the removal would meet, in the templates the stage's stacks hold now. */
  private protectedNow(stage: string): Problem[] {
    const latest = latestTemplates(this.journal().templates);
    return this.services.flatMap(({ alias }) => {
      const received = latest.get(this.stackName(alias, stage));
      return received ? protectedAtRemoval(received.stackName, received.template) : [];
    });
  }

  private oneServiceChecks(service: string | undefined, stage: string, before: number): Problem[] {
    const templates = this.journal().templates;
    const received = templates.slice(before);
    if (!service) {
      return received.map((entry) => ({
        where: entry.stackName,
        message: 'received a template from a command that deploys nothing',
      }));
    }
    const stackName = this.stackName(service, stage);
    const composeTemplate = latestTemplates(templates.slice(0, before)).get(stackName)?.template;
    return oneServiceDrift(service, stackName, composeTemplate, received);
  }

  private async afterStep(step: Step): Promise<Problem[]> {
    const problems = await deployAccessChecks(step);
    if (step.kind === 'deploy-access') return problems;
    const stacks = await Promise.all(
      this.services.map(({ alias }) => describeStack(this.stackName(alias, step.stage))),
    );
    if (step.kind === 'remove') {
      for (const stack of stacks)
        if (stack) problems.push({ where: stack.name, message: `still exists after the removal (${stack.status})` });
      problems.push(...this.retainedChecks(step.stage));
      return problems;
    }
    stacks.forEach((stack, index) => {
      const name = this.stackName(this.services[index]?.alias ?? '', step.stage);
      if (!stack) problems.push({ where: name, message: 'does not exist' });
      else if (!/^(CREATE|UPDATE)_COMPLETE$/.test(stack.status))
        problems.push({ where: name, message: `is ${stack.status}` });
    });
    if (step.kind === 'first-deploy' || step.kind === 'update') {
      const latest = latestTemplates(this.journal().templates);
      const outputs = new Map(stacks.flatMap((stack) => (stack ? [[stack.name, stack.outputs] as const] : [])));
      const feeds = composeFeedsOf(this.copy, this.services).map((feed) => ({
        consumerStack: this.stackName(feed.consumer, step.stage),
        param: feed.param,
        producerStack: this.stackName(feed.producer, step.stage),
        output: feed.output,
      }));
      problems.push(
        ...composeFeeds(
          feeds,
          (name) => outputs.get(name),
          (name) => latest.get(name)?.template,
        ),
      );
      // The stand-in holds no container image: every ECS service must still be a bootstrap.
      for (const { alias } of this.services) {
        const received = latest.get(this.stackName(alias, step.stage));
        if (received) problems.push(...ecsTasksWithoutImage(received.stackName, received.template));
      }
    }
    return problems;
  }

  /** What the stage's stacks retained is exactly what DELIVERY.md's table says. */
  private retainedChecks(stage: string): Problem[] {
    const latest = latestTemplates(this.journal().templates);
    return this.services.flatMap(({ alias }) => {
      const received = latest.get(this.stackName(alias, stage));
      if (!received) return [];
      const kept = retainedResources(received.template).join(', ');
      const documented = retainedFor(this.retained, alias, stage).join(', ');
      return kept === documented
        ? []
        : [{ where: received.stackName, message: `its removal keeps [${kept}], DELIVERY.md says [${documented}]` }];
    });
  }
}

async function finalChecks(journalFile: string, deployedJournal: string): Promise<StepResult> {
  const started = Date.now();
  const problems: Problem[] = [];
  const journal = readJournal(journalFile);
  const account = await accountId();
  for (const received of latestTemplatesOfEveryStack(journal.templates)) {
    problems.push(...globalNamesWithoutAccount(received.stackName, received.template, account));
  }
  for (const request of journal.requests.filter((entry) => entry.error === 'UnknownOperation')) {
    problems.push({ where: `${request.service} ${request.action}`, message: 'the stand-in does not answer this call' });
  }
  const verify = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/verify/verify.ts', '--from-journal', deployedJournal],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  writeFileSync(join(OUT, 'verify.log'), `${verify.stdout}${verify.stderr}`);
  const failed = verify.stdout.split('\n').filter((line) => /^(FAIL|\s+\[)/.test(line));
  console.log(`\n== verify --from-journal: ${verify.status === 0 ? 'ok' : 'FAIL'}`);
  if (verify.status !== 0) {
    problems.push({
      where: 'verify --from-journal',
      message: `failed (test-results/rehearsal/verify.log):\n${failed.slice(0, 30).join('\n')}`,
    });
  }
  for (const problem of problems) console.log(`FAIL  [check] ${problem.where}: ${problem.message}`);
  return {
    title: 'received templates (global names, verify)',
    milliseconds: Date.now() - started,
    failedCommands: [],
    problems,
  };
}

/** Every distinct last template per stack, across the whole run (a removed stack's last one included). */
function latestTemplatesOfEveryStack(templates: ReturnType<typeof readJournal>['templates']) {
  return [...latestTemplates(templates).values()];
}

function report(results: StepResult[], staticProblems: Problem[], total: number): boolean {
  const lines = [
    '# Rehearsal',
    '',
    `${(total / 60000).toFixed(1)} min in all`,
    '',
    '| step | time | result |',
    '| --- | --- | --- |',
  ];
  for (const result of results) {
    const failed = result.failedCommands.length + result.problems.length > 0;
    lines.push(`| ${result.title} | ${(result.milliseconds / 1000).toFixed(0)} s | ${failed ? 'FAIL' : 'ok'} |`);
  }
  const findings = [
    ...staticProblems.map((problem) => `- docs: ${problem.where}: ${problem.message}`),
    ...results.flatMap((result) => [
      ...result.failedCommands.map(
        (command) => `- ${result.title}: \`${command} (test-results/rehearsal/commands.log)`,
      ),
      ...result.problems.map((problem) => `- ${result.title}: ${problem.where}: ${problem.message}`),
    ]),
  ];
  lines.push('', findings.length === 0 ? 'Nothing found.' : '## Found', '', ...findings);
  writeFileSync(join(OUT, 'report.md'), `${lines.join('\n')}\n`);
  console.log(`\n${lines.join('\n')}`);
  return findings.length === 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { keep: { type: 'boolean' } } });
  const started = Date.now();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const docs = readDocs();
  for (const problem of docs.problems) console.log(`FAIL  [docs] ${problem.where}: ${problem.message}`);
  const services = composeServices(ROOT);
  const planned = plan(
    docs.blocks,
    services.map((service) => service.alias),
  );
  for (const problem of planned.problems) console.log(`FAIL  [docs] ${problem.where}: ${problem.message}`);

  const copy = copyRepository(ROOT);
  setProdCertificate(copy, PLACEHOLDER_CERTIFICATE_ARN);
  const journalFile = join(copy, '.rehearsal-journal.json');
  const standIn = await startStandIn(journalFile);
  console.log(`Rehearsing in ${copy} against the stand-in at ${standIn.url}`);
  const env = commandEnv(standIn);
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_ENDPOINT_URL'] as const) {
    process.env[name] = env[name];
  }
  delete process.env.AWS_PROFILE;
  const rehearsal = new Rehearsal(copy, env, journalFile, services, docs.retained);
  try {
    // verify checks what runs a stage: the journal before the removals, whose pre-delete deploy
    // turns deletion protection off on purpose (cdk-nag would rightly flag that template).
    const deployedJournal = join(OUT, 'journal-before-removal.json');
    for (const step of planned.steps) {
      if (step.kind === 'remove' && !existsSync(deployedJournal) && existsSync(journalFile)) {
        copyFileSync(journalFile, deployedJournal);
      }
      await rehearsal.run(step);
    }
    rehearsal.results.push(await finalChecks(journalFile, deployedJournal));
  } finally {
    await standIn.close();
    if (existsSync(journalFile)) copyFileSync(journalFile, join(OUT, 'journal.json'));
    if (!values.keep) rmSync(copy, { recursive: true, force: true });
  }
  const ok = report(rehearsal.results, [...docs.problems, ...planned.problems], Date.now() - started);
  console.log(
    `\nLogs: ${relative(process.cwd(), OUT)}/ (commands.log, journal.json, journal-before-removal.json, verify.log, report.md)`,
  );
  process.exit(ok ? 0 : 1);
}

void main();
