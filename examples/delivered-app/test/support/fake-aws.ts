/**
 * Parameter Store and Secrets Manager as the EC2 variant meets them, over the AWS JSON protocol
 * the SDK speaks (`X-Amz-Target: AmazonSSM.GetParameters`, `secretsmanager.GetSecretValue`).
 * The application reaches it only through AWS_ENDPOINT_URL_SSM and
 * AWS_ENDPOINT_URL_SECRETS_MANAGER, as it would reach AWS: no endpoint is named in its code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAws {
  url: string;
  calls: { target: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function startFakeAws(
  parameters: Record<string, string>,
  secrets: Record<string, string>,
): Promise<FakeAws> {
  const calls: FakeAws['calls'] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const target = String(request.headers['x-amz-target'] ?? '');
    calls.push({ target, body });
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(payload));
    };
    if (target === 'AmazonSSM.GetParameters') {
      const names = (body.Names as string[]) ?? [];
      return reply(200, {
        Parameters: names
          .filter((name) => name in parameters)
          .map((name) => ({ Name: name, Type: 'String', Value: parameters[name], Version: 1 })),
        InvalidParameters: names.filter((name) => !(name in parameters)),
      });
    }
    if (target === 'secretsmanager.GetSecretValue') {
      const id = String(body.SecretId);
      if (!(id in secrets)) {
        return reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the secret." });
      }
      return reply(200, { ARN: id, Name: id.split(':').pop(), SecretString: secrets[id], VersionId: 'v1' });
    }
    return reply(400, { __type: 'UnknownOperationException', message: target });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
