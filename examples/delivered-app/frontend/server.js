// The frontend container's entry point: PORT (80 in the task definition), the backend at API_URL
// (Parameter Store /runway/<stage>/app/api-url, injected by the task definition).
const { createServer } = require('node:http');
const { createFrontend, proxyTo } = require('./src/frontend');

const apiUrl = process.env.API_URL;
if (!apiUrl) {
  console.error('frontend failed to start: API_URL is not set');
  process.exit(1);
}
const server = createServer(createFrontend({ api: proxyTo(apiUrl) }));
const port = Number(process.env.PORT || 80);
server.listen(port, () => console.log(`frontend listening on ${port}, backend at ${apiUrl}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
