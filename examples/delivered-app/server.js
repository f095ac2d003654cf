// The EC2 variant's entry point (the image's runway-app unit runs /opt/runway/current/server.js):
// the page and the backend in one process on PORT (8080, the port the target groups check),
// /health and /api/* answered by the backend. Database settings from Parameter Store under
// APP_PARAMETER_PATH and the RDS-managed secret (backend/src/settings.js).
const { createServer } = require('node:http');
const { createApi } = require('./backend/src/api');
const { loadDatabaseSettings } = require('./backend/src/settings');
const { openStore } = require('./backend/src/store');
const { createFrontend } = require('./frontend/src/frontend');

async function main() {
  const store = await openStore(await loadDatabaseSettings());
  const api = createApi(store, { version: process.env.COMMIT_ID || 'unknown' });
  const frontend = createFrontend({ api });
  const server = createServer((request, response) =>
    request.url === '/health' ? api(request, response) : frontend(request, response),
  );
  const port = Number(process.env.PORT || 8080);
  server.listen(port, () => console.log(`runway-app listening on ${port}`));
  process.once('SIGTERM', () => server.close(() => store.close().finally(() => process.exit(0))));
}

main().catch((error) => {
  console.error('runway-app failed to start:', error.message);
  process.exit(1);
});
