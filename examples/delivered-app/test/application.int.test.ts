/**
 * The reference application as the platforms run it: each server a Node process configured by
 * its environment only, against a real MySQL-compatible server (MariaDB), driven over HTTP.
 */
import mysql from 'mysql2/promise';
import { startFakeAws } from './support/fake-aws';
import { databaseEnvironment, type MariaDb, startMariaDb } from './support/mariadb';
import { freePort, type Running, runToExit, startNode } from './support/processes';

let db: MariaDb;
let backend: Running;

beforeAll(async () => {
  db = await startMariaDb();
  backend = await startNode('backend/server.js', { ...databaseEnvironment(db), COMMIT_ID: 'c0ffee1' }, '/health');
}, 60_000);

afterAll(async () => {
  await backend?.stop();
  await db?.stop();
});

const post = (url: string, body: string, contentType = 'application/json') =>
  fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('backend (the ECS container: settings from the task definition environment)', () => {
  it('answers /health with 200 and the release commit while the database answers', async () => {
    const answer = await fetch(`${backend.url}/health`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok', version: 'c0ffee1' });
  });

  it('writes a posted message to the messages table and lists it first', async () => {
    const created = await post(backend.url, JSON.stringify({ text: '  first release  ' }));
    expect(created.status).toBe(201);
    const message = (await created.json()) as { id: number; text: string; createdAt: string };
    expect(message).toMatchObject({ text: 'first release', createdAt: expect.any(String) });

    const connection = await mysql.createConnection({ ...databaseEnvironmentFor(db) });
    const [rows] = await connection.query('SELECT text FROM messages WHERE id = ?', [message.id]);
    await connection.end();
    expect(rows).toEqual([{ text: 'first release' }]);

    await post(backend.url, JSON.stringify({ text: 'second release' }));
    const listed = (await (await fetch(`${backend.url}/api/messages`)).json()) as { items: { text: string }[] };
    expect(listed.items.slice(0, 2).map((item) => item.text)).toEqual(['second release', 'first release']);
  });

  it.each([
    ['no text', {}, 'must be a string'],
    ['blank text', { text: '   ' }, 'must not be empty'],
    ['text over 200 characters', { text: 'x'.repeat(201) }, 'must be at most 200 characters'],
  ])('answers 400 naming the field for %s', async (_case, body, problem) => {
    const answer = await post(backend.url, JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ message: 'invalid message', errors: [{ field: 'text', problem }] });
  });

  it('answers 400 for a body that is not JSON, 415 for another content type and 413 for a large body', async () => {
    expect((await post(backend.url, '{"text":')).status).toBe(400);
    expect((await post(backend.url, 'text=hello', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post(backend.url, JSON.stringify({ text: 'x'.repeat(5000) }))).status).toBe(413);
  });

  it('answers 404 in JSON for an unknown route', async () => {
    const answer = await fetch(`${backend.url}/nothing-here`);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ message: 'not found' });
  });

  it('answers /health with 503 once its database stops answering', async () => {
    const own = await startMariaDb();
    const server = await startNode('backend/server.js', databaseEnvironment(own), '/health');
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      await own.stop();
      const answer = await fetch(`${server.url}/health`);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ status: 'unavailable', version: 'unknown' });
    } finally {
      await server.stop();
      await own.stop();
    }
  }, 60_000);

  it('refuses to start without database settings, naming what is missing', async () => {
    const { code, output } = await runToExit('backend/server.js', { DB_HOST: '127.0.0.1' });
    expect(code).toBe(1);
    expect(output).toContain('set APP_PARAMETER_PATH, or DB_PORT, DB_NAME, DB_USER, DB_PASSWORD');
  });
});

describe('frontend (the ECS container: the backend at API_URL)', () => {
  it('serves the page and its script', async () => {
    const frontend = await startNode('frontend/server.js', { API_URL: backend.url });
    try {
      const page = await fetch(`${frontend.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<script src="/app.js" defer></script>');
      expect((await fetch(`${frontend.url}/app.js`)).status).toBe(200);
      expect((await fetch(`${frontend.url}/missing.html`)).status).toBe(404);
    } finally {
      await frontend.stop();
    }
  });

  it('passes the page’s calls to the backend, which stores them', async () => {
    const frontend = await startNode('frontend/server.js', { API_URL: backend.url });
    try {
      expect((await post(frontend.url, JSON.stringify({ text: 'through the frontend' }))).status).toBe(201);
      const listed = (await (await fetch(`${frontend.url}/api/messages`)).json()) as { items: { text: string }[] };
      expect(listed.items[0]?.text).toBe('through the frontend');
    } finally {
      await frontend.stop();
    }
  });

  it('answers 502 in JSON when the backend is unreachable', async () => {
    const frontend = await startNode('frontend/server.js', { API_URL: `http://127.0.0.1:${await freePort()}` });
    try {
      const answer = await fetch(`${frontend.url}/api/messages`);
      expect(answer.status).toBe(502);
      expect(await answer.json()).toEqual({ message: 'the backend is unavailable' });
    } finally {
      await frontend.stop();
    }
  });
});

describe('EC2 variant (server.js: settings from Parameter Store and the RDS-managed secret)', () => {
  const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b2c-AbCdEf';
  // What the instance has: the unit's region, and credentials (there from the instance profile).
  const instance = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

  it('reads the four parameters under APP_PARAMETER_PATH and the secret they name, then serves page and API', async () => {
    const aws = await startFakeAws(
      {
        '/runway/test/app/db-host': db.host,
        '/runway/test/app/db-port': String(db.port),
        '/runway/test/app/db-name': db.database,
        '/runway/test/app/db-secret-arn': SECRET_ARN,
      },
      { [SECRET_ARN]: JSON.stringify({ username: db.user, password: db.password }) },
    );
    const env = {
      ...instance,
      APP_PARAMETER_PATH: '/runway/test/app',
      AWS_ENDPOINT_URL_SSM: aws.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
      COMMIT_ID: 'e2e0001',
    };
    const server = await startNode('server.js', env, '/health');
    try {
      expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok', version: 'e2e0001' });
      expect(await (await fetch(`${server.url}/`)).text()).toContain('<h1>Messages</h1>');
      expect((await post(server.url, JSON.stringify({ text: 'on the EC2 variant' }))).status).toBe(201);
      expect(aws.calls.map((call) => call.target)).toEqual([
        'AmazonSSM.GetParameters',
        'secretsmanager.GetSecretValue',
      ]);
      expect(aws.calls[0]?.body.Names).toEqual([
        '/runway/test/app/db-host',
        '/runway/test/app/db-port',
        '/runway/test/app/db-name',
        '/runway/test/app/db-secret-arn',
      ]);
      expect(aws.calls[1]?.body.SecretId).toBe(SECRET_ARN);
    } finally {
      await server.stop();
      await aws.close();
    }
  });

  it('refuses to start when a parameter is missing, naming it', async () => {
    const aws = await startFakeAws({ '/runway/test/app/db-host': db.host }, {});
    try {
      const { code, output } = await runToExit('server.js', {
        ...instance,
        APP_PARAMETER_PATH: '/runway/test/app',
        AWS_ENDPOINT_URL_SSM: aws.url,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
      });
      expect(code).toBe(1);
      expect(output).toContain('Parameter Store has no db-port, db-name, db-secret-arn under /runway/test/app');
    } finally {
      await aws.close();
    }
  });
});

function databaseEnvironmentFor(server: MariaDb) {
  return {
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: server.database,
  };
}
