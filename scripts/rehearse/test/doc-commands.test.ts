import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../test-support/paths';
import { composeFeedsOf, composeServices } from '../compose-services';
import {
  deployDocs,
  documentedCommands,
  feedsDiffer,
  feedsTable,
  markedBlocks,
  paramsGivenToCompose,
  retainedFor,
  retainedTable,
  unrehearsed,
} from '../doc-commands';
import { expandBlock, plan } from '../plan';

const FIXTURE = `
# Deploying

<!-- rehearse: first-deploy -->
\`\`\`bash
npx serverless deploy --stage <stage>
\`\`\`

Then \`npm run deploy:site -- --stage <stage>\` and, once, \`npx serverless deploy --stage prod\`.

<!-- rehearse: site -->
\`\`\`bash
npm run deploy:site -- --stage <stage>   # the site
\`\`\`
`;

describe('the documented deploy commands', () => {
  it('reads each marked block’s commands, without comments', () => {
    const { blocks, problems } = markedBlocks('fixture.md', FIXTURE);
    expect(problems).toEqual([]);
    expect(blocks).toEqual([
      { file: 'fixture.md', step: 'first-deploy', line: 4, commands: ['npx serverless deploy --stage <stage>'] },
      { file: 'fixture.md', step: 'site', line: 11, commands: ['npm run deploy:site -- --stage <stage>'] },
    ]);
  });

  it('accepts a documented command a block rehearses, with <stage> standing for any stage', () => {
    const { blocks } = markedBlocks('fixture.md', FIXTURE);
    expect(unrehearsed(documentedCommands('fixture.md', FIXTURE), blocks)).toEqual([]);
  });

  it('fails on a documented deploy command that no block rehearses', () => {
    const docs = `${FIXTURE}\nOr one service: \`npx serverless metrics-api:deploy --stage prod\`.\n`;
    const { blocks } = markedBlocks('fixture.md', docs);
    expect(unrehearsed(documentedCommands('fixture.md', docs), blocks)).toEqual([
      {
        where: 'fixture.md:16',
        message: expect.stringContaining(
          '`npx serverless metrics-api:deploy --stage prod` is a documented deploy command',
        ),
      },
    ]);
  });

  it('fails on a marker without a fenced block', () => {
    expect(markedBlocks('fixture.md', '<!-- rehearse: update -->\nnpx serverless deploy\n').problems).toHaveLength(1);
  });

  it('fails on a --param given to osls compose, and accepts it on a service’s own deploy', () => {
    const docs = `<!-- rehearse: first-deploy -->
\`\`\`bash
npx serverless deploy --stage <stage> --param="containerImageTag=bootstrap"
(cd services/delivery-platform && npx serverless deploy --stage <stage> --param="deletionProtection=false")
\`\`\`
`;
    const problems = paramsGivenToCompose(markedBlocks('fixture.md', docs).blocks);
    expect(problems).toEqual([
      { where: 'fixture.md:1', message: expect.stringContaining('gives --param to osls compose, which refuses it') },
    ]);
    expect(problems[0]?.message).toContain('containerImageTag=bootstrap');
  });

  it('finds the retained resources table and what it says per service and stage', () => {
    const rows = retainedTable(`<!-- rehearse-table: retained -->
| stage | service | kept |
| --- | --- | --- |
| every | \`metrics-api\` | \`SiteBucket\`, \`SiteLogBucket\` |
| prod | \`metrics-api\` | \`UserPool\` |

After.`);
    expect(rows).toHaveLength(2);
    expect(retainedFor(rows ?? [], 'metrics-api', 'prod')).toEqual(['SiteBucket', 'SiteLogBucket', 'UserPool']);
    expect(retainedFor(rows ?? [], 'metrics-api', 'dev')).toEqual(['SiteBucket', 'SiteLogBucket']);
  });
});

describe('the rehearsal’s plan', () => {
  it('runs lines naming <service> for each service in turn', () => {
    expect(
      expandBlock(['npx serverless refresh-outputs --stage <stage>', 'a <service> <stage>', 'b <service>'], 'prod', [
        'x',
        'y',
      ]),
    ).toEqual([
      { command: 'npx serverless refresh-outputs --stage prod' },
      { command: 'a x prod', service: 'x' },
      { command: 'b x', service: 'x' },
      { command: 'a y prod', service: 'y' },
      { command: 'b y', service: 'y' },
    ]);
  });

  it('plans every step of the repository’s docs, and every documented deploy command is rehearsed', () => {
    const root = join(__dirname, '../../..');
    const files = deployDocs(root);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/deploying.md', 'docs/commands.md']));
    const docs = files.map((file) => ({ file, markdown: readFileSync(join(root, file), 'utf8') }));
    const blocks = docs.flatMap(({ file, markdown }) => markedBlocks(file, markdown).blocks);
    const documented = docs.flatMap(({ file, markdown }) => documentedCommands(file, markdown));
    expect(unrehearsed(documented, blocks)).toEqual([]);
    expect(paramsGivenToCompose(blocks)).toEqual([]);
    const { steps, problems } = plan(blocks, [
      'metrics-api',
      'approval-gateway',
      'delivery-platform',
      'image-pipeline-starter',
      'pipeline-triggers',
    ]);
    expect(problems).toEqual([]);
    expect(steps.map((step) => `${step.kind} ${step.stage}${step.again ? ' again' : ''}`)).toEqual([
      'deploy-access dev',
      'first-deploy dev',
      'site dev',
      'deploy-access prod',
      'first-deploy prod',
      'site prod',
      'update prod',
      'one-service prod',
      'remove dev',
      'remove prod',
      'deploy-access prod again',
      'first-deploy prod again',
      'remove prod again',
    ]);
    expect(retainedTable(docs[1]?.markdown ?? '')).not.toBeUndefined();
  });
});

describe('the compose-feeds table', () => {
  const markdown = [
    '<!-- rehearse-table: compose-feeds -->',
    '| from | output | to | param |',
    '| ---- | ------ | -- | ----- |',
    '| `a` | `TopicArn` | `b` | `topicArn` |',
    '|     | `TableName` | `c` | `table` |',
  ].join('\n');

  it('reads each row, an empty `from` repeating the one above', () => {
    expect(feedsTable(markdown)).toEqual([
      { producer: 'a', output: 'TopicArn', consumer: 'b', param: 'topicArn' },
      { producer: 'a', output: 'TableName', consumer: 'c', param: 'table' },
    ]);
    expect(feedsTable('no table here')).toBeUndefined();
  });

  it('names what compose passes and the table does not, and the reverse', () => {
    const documented = feedsTable(markdown) ?? [];
    const compose = [
      { producer: 'a', output: 'TopicArn', consumer: 'b', param: 'topicArn' },
      { producer: 'a', output: 'QueueUrl', consumer: 'c', param: 'queue' },
    ];
    expect(feedsDiffer('DELIVERY.md', documented, compose).map((problem) => problem.message)).toEqual([
      'compose passes a.QueueUrl → c.queue, the compose-feeds table does not say so',
      'the compose-feeds table says a.TableName → c.table, serverless-compose.yml does not pass it',
    ]);
  });

  it('is, in DELIVERY.md, what serverless-compose.yml passes', () => {
    const delivery = readFileSync(join(ROOT, 'services/pipeline-triggers/DELIVERY.md'), 'utf8');
    const documented = feedsTable(delivery);
    expect(documented).toBeDefined();
    expect(feedsDiffer('DELIVERY.md', documented ?? [], composeFeedsOf(ROOT, composeServices(ROOT)))).toEqual([]);
  });
});
