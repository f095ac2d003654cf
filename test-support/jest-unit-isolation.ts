/**
 * The unit project's rule, enforced: a unit test reaches nothing outside its own process, which
 * is what keeps `npm run test:unit` to seconds. While a unit test file runs, opening a server or a
 * connection (loopback included) or starting a child process throws, naming the projects where
 * such a test goes. `npm test` runs every project in one process, so the originals come back
 * after each file.
 */
import childProcess from 'node:child_process';
import net from 'node:net';

function refuse(what: string): never {
  throw new Error(
    `A unit test may not ${what}. A test that needs it is an integration test (*.int.test.ts: ` +
      'local stand-ins over TCP) or an infrastructure test (*.infra.test.ts: packaged templates).',
  );
}

const originals: [object, string, PropertyDescriptor][] = [];

function replace(target: object, name: string, what: string): void {
  const original = Object.getOwnPropertyDescriptor(target, name);
  if (original === undefined) throw new Error(`nothing to guard: ${name}`);
  originals.push([target, name, original]);
  Object.defineProperty(target, name, { ...original, value: () => refuse(what) });
}

replace(net.Server.prototype, 'listen', 'open a server');
replace(net.Socket.prototype, 'connect', 'open a connection');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  replace(childProcess, name, 'start a child process');
}

afterAll(() => {
  for (const [target, name, original] of originals.reverse()) Object.defineProperty(target, name, original);
});
