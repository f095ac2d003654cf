// The params serverless-compose.yml gives a service from another service's outputs
// (`buildSubnetId: ${pipeline-triggers.BuildSubnetId}`), with the same values when the service
// is deployed on its own (`cd services/<name> && npx serverless deploy --stage <stage>`): a
// param's default reads the producing stack's output from CloudFormation when deploying, so a
// service deployed alone never falls back to a packaging default and silently strips what compose
// gave it. A missing stack or output refuses the deploy, naming what to deploy first.
//
//   params.default.<name>: ${file(../../shared/serverless/compose-param.js):<name>}
//   custom.composeParamDefaults.<name>: what packaging without AWS uses (npm run package, verify,
//     tests, the local stack)
//
// Given on the command line (`--param`, which is how compose passes them), a param is that value.
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const parse = require('serverless/lib/utils/fs/parse');
const { cliParams, isDeploying } = require('./cli-command');
const { stackOutputs } = require('./stack-outputs');

const COMPOSE_FILE = 'serverless-compose.yml';
const OUTPUT_REFERENCE = /^\$\{([\w-]+)\.([\w-]+)\}$/;

function readYaml(file) {
  return parse(file, readFileSync(file, 'utf8'));
}

function findComposeFile(from) {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, COMPOSE_FILE))) return join(dir, COMPOSE_FILE);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * What compose gives the service named `serviceName` (serverless.yml's `service:`): per param,
 * either another service's output (its alias, stack service name and output key) or a literal.
 */
function composeInputs(composeFile, serviceName) {
  const root = dirname(composeFile);
  const services = Object.entries(readYaml(composeFile).services ?? {}).map(([alias, entry]) => ({
    alias,
    entry,
    service: readYaml(join(root, entry.path, 'serverless.yml')).service,
  }));
  const self = services.find((candidate) => candidate.service === serviceName);
  if (!self) return { alias: undefined, inputs: {} };
  const inputs = {};
  for (const [param, value] of Object.entries(self.entry.params ?? {})) {
    const reference = typeof value === 'string' ? OUTPUT_REFERENCE.exec(value) : null;
    const producer = reference && services.find((candidate) => candidate.alias === reference[1]);
    inputs[param] = producer
      ? { producer: producer.alias, producerService: producer.service, output: reference[2] }
      : { value };
  }
  return { alias: self.alias, inputs };
}

async function deployedValue({ alias, stage, region, outputsOf }, param, input) {
  if (input.value !== undefined) return input.value;
  const stackName = `${input.producerService}-${stage}`;
  const outputs = await outputsOf(stackName, region);
  const value = outputs?.[input.output];
  if (value !== undefined && value !== null && value !== '') return value;
  const missing = outputs
    ? `stack ${stackName} (${region}) has no such output`
    : `stack ${stackName} does not exist in ${region}`;
  throw new Error(
    `${alias} takes its param ${param} from the output ${input.output} of ${input.producer} (${COMPOSE_FILE}), and ${missing}: ` +
      `deploy ${input.producer} first (\`npx serverless deploy --stage ${stage}\` at the repository root deploys every service in order).`,
  );
}

function packagingValue({ alias, defaults }, param) {
  if (defaults?.[param] === undefined) {
    throw new Error(
      `${alias}: param ${param} comes from compose and has no custom.composeParamDefaults.${param} for packaging`,
    );
  }
  return defaults[param];
}

/**
 * The value of each compose-given param: what the command line gives, else (deploying) the
 * producing stack's output, else (packaging) the service's default. `outputsOf(stackName, region)`
 * resolves to the stack's outputs, or undefined when it does not exist.
 */
async function resolveComposeParams(settings) {
  const values = {};
  for (const [param, input] of Object.entries(settings.inputs)) {
    if (settings.given[param] !== undefined) values[param] = settings.given[param];
    else if (settings.deploying) values[param] = await deployedValue(settings, param, input);
    else values[param] = packagingValue(settings, param);
  }
  return values;
}

const resolved = new Map();

module.exports = ({ options, resolveVariable, resolveConfigurationProperty }) => {
  const key = JSON.stringify(options ?? {});
  if (!resolved.has(key)) {
    resolved.set(
      key,
      // Remembered once resolved; a rejection is not (osls asks again once a source this depends on,
      // such as `param`, is available: MISSING_VARIABLE_DEPENDENCY).
      (async () => {
        const serviceName = await resolveVariable('self:service');
        const composeFile = findComposeFile(process.cwd());
        if (!composeFile) throw new Error(`no ${COMPOSE_FILE} above ${process.cwd()}`);
        const { alias, inputs } = composeInputs(composeFile, serviceName);
        const deploying = isDeploying();
        return resolveComposeParams({
          alias: alias ?? serviceName,
          inputs,
          stage: await resolveVariable('sls:stage'),
          // Not self:provider.region: it is `${opt:region, param:region}`, and a param may not resolve
          // through the params it belongs to.
          region: deploying ? (options?.region ?? (await resolveVariable('param:region'))) : undefined,
          given: cliParams(options),
          deploying,
          defaults: deploying ? undefined : await resolveConfigurationProperty(['custom', 'composeParamDefaults']),
          outputsOf: stackOutputs,
        });
      })().catch((error) => {
        resolved.delete(key);
        throw error;
      }),
    );
  }
  return resolved.get(key);
};
module.exports.composeInputs = composeInputs;
module.exports.resolveComposeParams = resolveComposeParams;
