import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import autocannon, { type Result as AutocannonResult } from 'autocannon';
import { SERVICES } from '../../test-support/packaging';
import { serviceDir } from '../../test-support/paths';
import { freePort } from '../../test-support/ports';
import { bearer, OIDC_ENV, testPerson } from '../../test-support/tokens';
import { startStack } from '../local/stack';

export interface RouteLoad {
  route: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts (autocannon's `errors` counts both). */
  errors: number;
  timeouts: number;
  non2xx: number;
  ok2xx: number;
}

/** The records of the POST run against what the table holds afterwards. */
export interface RecordCheck {
  /** 2xx answers to POST /activities within the time limit. */
  acknowledgedUnderLoad: number;
  /** Requests whose answer the time limit cut off (connections closed), sent again with the same Idempotency-Key. */
  cutOff: number;
  /** Of those, answered 201 (first stored now) and 200 (had been stored before the cut: a replay). */
  cutOffCreated: number;
  cutOffReplayed: number;
  /** Distinct Idempotency-Keys answered 2xx in the end. */
  acknowledged: number;
  /** Records of this run in the table (queried through the byEngineer index). */
  stored: number;
  /** Acknowledged records missing from the table. */
  lost: number;
  /** stored === acknowledged and nothing lost. */
  consistent: boolean;
}

export interface LoadResults {
  /** The machine's 1-, 5- and 15-minute load averages before and after the run, and its CPU count: was it busy? */
  machine: { cpus: number; loadBefore: number[]; loadAfter: number[] };
  post: RouteLoad;
  get: RouteLoad;
  /** GET /weeks/{week} of the engineer who posted the records (absent in results from before it was measured). */
  week?: RouteLoad;
  records: RecordCheck;
}

/**
 * The week GET /weeks/{week} reads: a week as an engineer fills it (five rows, Monday to Friday),
 * of the same engineer whose thousands of records the POST run stored in the week after: one
 * indexed query of that engineer's week, whatever the table's (and the engineer's) size.
 */
const READ_WEEK = '2026-W47';
const READ_WEEK_DATES = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
const READ_WEEK_ROWS = 5;

export interface LoadOptions {
  connections: number;
  seconds: number;
  /** Unmeasured load per route first, so every serverless-offline worker has loaded its handler. */
  warmUpSeconds: number;
  log: (line: string) => void;
}

const STAGE = 'bench';
const OFFLINE_WORK_FOLDER = '.esbuild-bench';
const TABLE = `runway-metrics-api-${STAGE}-activities`;

function routeLoad(route: string, options: LoadOptions, result: AutocannonResult): RouteLoad {
  return {
    route,
    connections: options.connections,
    seconds: result.duration,
    requests: result['2xx'] + result.non2xx,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    ok2xx: result['2xx'],
  };
}

/** Ids of every record of `engineer`, read straight from dynalite (the byEngineer index, every page). */
async function storedIds(endpoint: string, engineer: string): Promise<string[]> {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'us-east-1', credentials }));
  const ids: string[] = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: TABLE,
      IndexName: 'byEngineer',
      KeyConditionExpression: 'engineer = :engineer',
      ExpressionAttributeValues: { ':engineer': engineer },
      ProjectionExpression: 'id',
    },
  );
  for await (const page of pages) for (const item of page.Items ?? []) ids.push(String(item.id));
  client.destroy();
  return ids;
}

/**
 * serverless-offline starts one worker per concurrent request, each a cold start of the
 * handler: warm them all up (as Lambda would have warm instances) before measuring.
 */
async function warmUp(url: string, authorization: string, options: LoadOptions): Promise<void> {
  const body = JSON.stringify({
    customer: 'Load Test',
    project: 'Warm-up',
    activity: 'warm-up',
    date: '2026-11-23',
    hours: 1,
  });
  const common = { url, connections: options.connections, duration: options.warmUpSeconds };
  await autocannon({
    ...common,
    requests: [
      { method: 'POST', path: '/activities', headers: { 'content-type': 'application/json', authorization }, body },
    ],
  });
  await autocannon({ ...common, url: `${url}/activities`, headers: { authorization } });
  await autocannon({ ...common, url: `${url}/weeks/${READ_WEEK}`, headers: { authorization } });
}

/** The records of the read week: one per row and work day, as the week page creates them. */
async function fillReadWeek(url: string, authorization: string): Promise<void> {
  for (const date of READ_WEEK_DATES) {
    for (let row = 1; row <= READ_WEEK_ROWS; row += 1) {
      const response = await fetch(`${url}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({
          customer: 'Load Test',
          project: `Week row ${row}`,
          activity: 'Build',
          date,
          hours: 1.5,
        }),
      });
      if (response.status !== 201)
        throw new Error(`Filling ${READ_WEEK} answered ${response.status}: ${await response.text()}`);
    }
  }
}

interface PostRun {
  result: AutocannonResult;
  /** Body of every request sent, by Idempotency-Key. */
  sent: Map<string, string>;
  /** Record id of every 2xx answer, by Idempotency-Key. */
  acknowledged: Map<string, string>;
}

const KEY_IN_NOTES = / key=(\S+)$/;

async function postLoad(url: string, authorization: string, options: LoadOptions): Promise<PostRun> {
  const sent = new Map<string, string>();
  const acknowledged = new Map<string, string>();
  let sequence = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: '/activities',
        headers: { 'content-type': 'application/json', authorization },
        // Every request a different body and its own Idempotency-Key, so every 2xx is one new record.
        setupRequest: (request) => {
          sequence += 1;
          const key = `bench-${sequence}-${randomUUID()}`;
          const body = JSON.stringify({
            customer: 'Load Test',
            project: 'Benchmark',
            activity: 'POST under load',
            date: '2026-11-23',
            hours: (sequence % 96) / 4 + 0.25,
            notes: `request ${sequence} key=${key}`,
          });
          sent.set(key, body);
          return { ...request, headers: { ...request.headers, 'idempotency-key': key }, body };
        },
        onResponse: (status, body) => {
          if (status < 200 || status >= 300) return;
          const record = JSON.parse(body) as { id: string; notes: string };
          const key = KEY_IN_NOTES.exec(record.notes)?.[1];
          if (key !== undefined) acknowledged.set(key, record.id);
        },
      },
    ],
  });
  return { result, sent, acknowledged };
}

/**
 * Sends every request left without a 2xx again, once, with its own Idempotency-Key, as a
 * client would after a dropped connection: 201 if it had not been stored, 200 if it had.
 */
async function retryCutOff(
  url: string,
  authorization: string,
  run: PostRun,
): Promise<{ created: number; replayed: number; cutOff: number }> {
  const pending = [...run.sent].filter(([key]) => !run.acknowledged.has(key));
  let created = 0;
  let replayed = 0;
  for (const [key, body] of pending) {
    const response = await fetch(`${url}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization },
      body,
    });
    const record = (await response.json()) as { id: string };
    if (response.status === 201) created += 1;
    if (response.status === 200) replayed += 1;
    if (response.ok) run.acknowledged.set(key, record.id);
  }
  return { created, replayed, cutOff: pending.length };
}

/**
 * The metrics API under load on the local stack (serverless-offline and
 * dynalite, loopback only): POST /activities, then GET /activities and GET /weeks/{week}, each by
 * `connections` clients for `seconds`; then the stored records are counted.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResults> {
  const loadBefore = loadavg();
  // serverless-offline builds into the service's own work folder: not the .esbuild that another
  // engineer's `npm run package` deletes or whose serverless-offline rebuilds meanwhile.
  const stack = await startStack({
    stage: STAGE,
    esbuildWorkFolder: OFFLINE_WORK_FOLDER,
    ports: { dynamodb: await freePort(), metricsApi: await freePort(), metricsApiLambda: await freePort() },
  });
  try {
    const url = stack.urls.metricsApi;
    const engineer = `Bench Load ${randomUUID().slice(0, 8)}`;
    // One signed-in engineer, with a token the local issuer's key signs (long enough for the run).
    process.env[OIDC_ENV.issuer] = stack.issuer.url;
    process.env[OIDC_ENV.clientId] = stack.issuer.clientId;
    process.env[OIDC_ENV.signingKey] = JSON.stringify(stack.issuer.signingKey);
    const authorization = bearer(testPerson(engineer), { expiresIn: 3600 }).Authorization;
    // Another engineer warms up, so that only the measured run's records are counted as this engineer's.
    const warmUpAuthorization = bearer(testPerson(`${engineer} warm-up`), { expiresIn: 3600 }).Authorization;
    options.log(`load: warming up ${options.connections} workers per route for ${options.warmUpSeconds} s each`);
    await warmUp(url, warmUpAuthorization, options);
    options.log(`load: POST /activities, ${options.connections} connections, ${options.seconds} s`);
    const post = await postLoad(url, authorization, options);
    const acknowledgedUnderLoad = post.acknowledged.size;
    const retried = await retryCutOff(url, authorization, post);
    const stored = new Set(await storedIds(stack.urls.dynamodb, engineer));
    options.log(`load: GET /activities, ${options.connections} connections, ${options.seconds} s`);
    const get = await autocannon({
      url: `${url}/activities`,
      headers: { authorization },
      connections: options.connections,
      duration: options.seconds,
    });
    await fillReadWeek(url, authorization);
    options.log(
      `load: GET /weeks/${READ_WEEK} (${READ_WEEK_DATES.length * READ_WEEK_ROWS} records; ${stored.size} more of the engineer's in the next week), ${options.connections} connections, ${options.seconds} s`,
    );
    const week = await autocannon({
      url: `${url}/weeks/${READ_WEEK}`,
      headers: { authorization },
      connections: options.connections,
      duration: options.seconds,
    });
    const lost = [...post.acknowledged.values()].filter((id) => !stored.has(id)).length;
    return {
      machine: { cpus: cpus().length, loadBefore, loadAfter: loadavg() },
      post: routeLoad('POST /activities', options, post.result),
      get: routeLoad('GET /activities', options, get),
      week: routeLoad(`GET /weeks/{week} (${READ_WEEK_DATES.length * READ_WEEK_ROWS} records)`, options, week),
      records: {
        acknowledgedUnderLoad,
        cutOff: retried.cutOff,
        cutOffCreated: retried.created,
        cutOffReplayed: retried.replayed,
        acknowledged: post.acknowledged.size,
        stored: stored.size,
        lost,
        consistent: lost === 0 && stored.size === post.acknowledged.size,
      },
    };
  } finally {
    await stack.close();
    for (const service of SERVICES)
      rmSync(join(serviceDir(service), OFFLINE_WORK_FOLDER), { recursive: true, force: true });
  }
}
