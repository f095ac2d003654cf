// The backend container's entry point: PORT (5000 in the task definition), database settings
// from the environment or Parameter Store (src/settings.js).
const { createServer } = require('node:http');
const { createApi } = require('./src/api');
const { loadDatabaseSettings } = require('./src/settings');
const { openStore } = require('./src/store');

async function main() {
  const store = await openStore(await loadDatabaseSettings());
  const server = createServer(createApi(store, { version: process.env.COMMIT_ID || 'unknown' }));
  const port = Number(process.env.PORT || 5000);
  server.listen(port, () => console.log(`backend listening on ${port}`));
  // ECS and systemd stop with SIGTERM: finish the requests in flight, then close the pool.
  process.once('SIGTERM', () => server.close(() => store.close().finally(() => process.exit(0))));
}

main().catch((error) => {
  console.error('backend failed to start:', error.message);
  process.exit(1);
});
