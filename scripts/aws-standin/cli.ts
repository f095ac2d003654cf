/**
 * `npm run aws-standin -- [--port N] [--journal file]`: runs the AWS stand-in until killed and prints
 * its URL; point the framework at it with `AWS_ENDPOINT_URL=<url>`.
 */
import { parseArgs } from 'node:util';
import { startAwsStandin } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, journal: { type: 'string' } } });
  const standin = await startAwsStandin({
    port: values.port === undefined ? 0 : Number(values.port),
    journalFile: values.journal,
    onUnknown: (entry) => console.error(`aws-standin: not answered: ${entry.service} ${entry.action}`),
  });
  console.log(standin.url);
  const stop = () => void standin.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
