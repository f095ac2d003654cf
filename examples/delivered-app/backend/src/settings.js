// Where the backend finds its database: the contract of DELIVERY.md.
// - On ECS the task definition injects DB_HOST, DB_PORT, DB_NAME (Parameter Store) and DB_USER,
//   DB_PASSWORD (the RDS-managed secret) as environment values: use them as they are.
// - On the EC2 variant the systemd unit sets APP_PARAMETER_PATH (/runway/<stage>/app): read
//   db-host, db-port, db-name and db-secret-arn under it, then the credentials from that secret.
// The SDK clients take their region and endpoint from the environment (AWS_REGION,
// AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_SECRETS_MANAGER), never from this code.

const ENV_NAMES = ['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD'];
const PARAMETERS = ['db-host', 'db-port', 'db-name', 'db-secret-arn'];

class SettingsError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SettingsError';
  }
}

function port(value, from) {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) {
    throw new SettingsError(`${from} is not a port number: ${JSON.stringify(value)}`);
  }
  return number;
}

function fromEnvironment(env) {
  return {
    host: env.DB_HOST,
    port: port(env.DB_PORT, 'DB_PORT'),
    database: env.DB_NAME,
    user: env.DB_USER,
    password: env.DB_PASSWORD,
  };
}

async function fromParameterStore(path, clients) {
  const { GetParametersCommand } = require('@aws-sdk/client-ssm');
  const { GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
  const names = PARAMETERS.map((name) => `${path.replace(/\/$/, '')}/${name}`);
  const answer = await clients.ssm.send(new GetParametersCommand({ Names: names }));
  const values = Object.fromEntries((answer.Parameters ?? []).map((p) => [p.Name.split('/').pop(), p.Value]));
  const missing = PARAMETERS.filter((name) => !values[name]);
  if (missing.length > 0) throw new SettingsError(`Parameter Store has no ${missing.join(', ')} under ${path}`);
  const secret = await clients.secretsManager.send(new GetSecretValueCommand({ SecretId: values['db-secret-arn'] }));
  let credentials;
  try {
    credentials = JSON.parse(secret.SecretString ?? '');
  } catch {
    throw new SettingsError('the database secret is not JSON');
  }
  if (typeof credentials.username !== 'string' || typeof credentials.password !== 'string') {
    throw new SettingsError('the database secret has no username and password');
  }
  return {
    host: values['db-host'],
    port: port(values['db-port'], `${path}/db-port`),
    database: values['db-name'],
    user: credentials.username,
    password: credentials.password,
  };
}

function defaultClients() {
  const { SSMClient } = require('@aws-sdk/client-ssm');
  const { SecretsManagerClient } = require('@aws-sdk/client-secrets-manager');
  return { ssm: new SSMClient({}), secretsManager: new SecretsManagerClient({}) };
}

/** The database settings, from the environment (ECS) or Parameter Store and the secret (EC2). */
async function loadDatabaseSettings(env = process.env, clients = undefined) {
  if (ENV_NAMES.every((name) => env[name])) return fromEnvironment(env);
  if (env.APP_PARAMETER_PATH) return fromParameterStore(env.APP_PARAMETER_PATH, clients ?? defaultClients());
  const missing = ENV_NAMES.filter((name) => !env[name]);
  throw new SettingsError(`no database settings: set APP_PARAMETER_PATH, or ${missing.join(', ')}`);
}

module.exports = { loadDatabaseSettings, SettingsError };
