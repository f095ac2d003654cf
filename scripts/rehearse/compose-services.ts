/** The services of serverless-compose.yml, their stack names and what compose passes between them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeInputs } from '../../shared/serverless/compose-param';

export interface ComposeService {
  /** The compose key and folder name (`pipeline-triggers`). */
  alias: string;
  /** serverless.yml's `service:` (`runway-pipeline-triggers`); its stacks are `<service>-<stage>`. */
  serviceName: string;
}

export interface Feed {
  consumer: string;
  param: string;
  producer: string;
  output: string;
}

export function composeServices(root: string): ComposeService[] {
  const compose = readFileSync(join(root, 'serverless-compose.yml'), 'utf8');
  const aliases = [...compose.matchAll(/^ {2}([\w-]+):\s*$/gm)].map((match) => match[1] ?? '');
  return aliases.map((alias) => {
    const config = readFileSync(join(root, 'services', alias, 'serverless.yml'), 'utf8');
    return { alias, serviceName: /^service:\s*(\S+)/m.exec(config)?.[1] ?? alias };
  });
}

export function composeFeedsOf(root: string, services: ComposeService[]): Feed[] {
  return services.flatMap(({ alias, serviceName }) =>
    Object.entries(composeInputs(join(root, 'serverless-compose.yml'), serviceName).inputs).flatMap(([param, input]) =>
      input.producer ? [{ consumer: alias, param, producer: input.producer, output: input.output }] : [],
    ),
  );
}
