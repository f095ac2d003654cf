/**
 * The bench's invocation of each delivery function (run by `npm run bench` beside functions.bench.ts).
 * Its setup writes a year of history at 50 production deployments a day (docs/delivery-metrics.md,
 * "Limits"): deliveryMetricsGet reads all of it, the read the budget is about.
 */
import { randomUUID } from 'node:crypto';
import {
  BENCH_STAGE,
  documentClient,
  type Emulators,
  field,
  httpEvent,
  type Round,
  type ServiceBench,
  statusAnd,
  statusIs,
} from '../../../scripts/bench/workload';
import { batchWrite, deliveryHistory } from '../../../test-support/delivery-history';
import { loadEvent } from '../../../test-support/events';
import { dynamoCatalogueStore } from '../src/catalogue/catalogue-store';
import { dynamoDeliveryStore } from '../src/delivery/delivery-store';

const DELIVERY_TABLE = `runway-metrics-api-${BENCH_STAGE}-delivery`;
const CATALOGUE_TABLE = `runway-metrics-api-${BENCH_STAGE}-catalogue`;
/** The pipeline with a year of history, and the one whose release each round marks and unmarks. */
const YEAR = 'bench-year-production';
const MARKED = 'bench-marks-production';
const DAYS = 365;
const PER_DAY = 50;
const DAY = 86_400_000;
const lastDay = () => new Date(Date.now() - DAY).toISOString().slice(0, 10);
const firstDay = () => new Date(Date.now() - DAYS * DAY).toISOString().slice(0, 10);
const PROJECT_ID = '5e1ec7ed-0000-4000-8000-00000000be7c';

/** The catalogue project the settings name, the settings, a year of day aggregates, one release to mark. */
async function setup(emulators: Emulators): Promise<void> {
  const client = documentClient(emulators);
  try {
    const stamp = new Date().toISOString();
    const catalogue = dynamoCatalogueStore(client, CATALOGUE_TABLE);
    const customerId = '5e1ec7ed-0000-4000-8000-00000000c057';
    await catalogue.create({
      type: 'customer',
      id: customerId,
      name: 'Bench Customer',
      archived: false,
      createdAt: stamp,
      updatedAt: stamp,
    });
    await catalogue.create({
      type: 'project',
      id: PROJECT_ID,
      customerId,
      name: 'Bench Project',
      archived: false,
      createdAt: stamp,
      updatedAt: stamp,
    });
    const store = dynamoDeliveryStore(client, DELIVERY_TABLE);
    for (const pipeline of [YEAR, MARKED]) {
      await store.putSetting({
        pipeline,
        projectId: PROJECT_ID,
        project: 'Bench Project',
        production: true,
        deployStage: 'DeployProduction',
        updatedAt: stamp,
        updatedBy: 'bench',
      });
    }
    await batchWrite(client, DELIVERY_TABLE, [
      ...deliveryHistory({ pipelines: [YEAR], lastDay: lastDay(), days: DAYS, perDay: PER_DAY, failureRate: 0.1 }),
      ...deliveryHistory({
        pipelines: [MARKED],
        lastDay: lastDay(),
        days: 1,
        perDay: 1,
        failureRate: 0,
        executions: true,
      }),
    ]);
  } finally {
    client.destroy();
  }
}

const get = (routeKey: string, path: string, query?: Record<string, string>) => () => [
  httpEvent({ method: 'GET', routeKey, path, query, signedIn: true }),
];

/** The seeded release of MARKED (deliveryHistory names executions `<pipeline>-<day>-<index>`). */
const markedExecution = () => `${MARKED}-${lastDay()}-0`;
const failureRequest = (method: 'PUT' | 'DELETE') => () => {
  const executionId = markedExecution();
  return [
    httpEvent({
      method,
      routeKey: `${method} /delivery/releases/{executionId}/failure`,
      path: `/delivery/releases/${executionId}/failure`,
      pathParameters: { executionId },
      signedIn: true,
      ...(method === 'PUT' ? { body: JSON.stringify({ note: 'bench' }) } : {}),
    }),
  ];
};

/** A stage change of a new execution each round (the recorder's common path: one item, no deployment yet). */
function recorderEvent(round: Round): unknown[] {
  const event = loadEvent<Record<string, unknown> & { detail: Record<string, unknown> }>(
    'delivery',
    'stage-execution-succeeded',
  );
  event.id = randomUUID();
  event.detail['execution-id'] = `bench-${round.index}-${randomUUID()}`;
  event.detail.stage = 'Build';
  return [event];
}

export const bench: ServiceBench = {
  setup,
  workloads: {
    deliveryEventRecord: {
      events: recorderEvent,
      check: (result) =>
        field(result, 'recorded') === true ? undefined : `expected recorded, got ${JSON.stringify(result)}`,
    },
    deliveryMetricsGet: {
      events: () =>
        get('GET /delivery/metrics', '/delivery/metrics', { pipeline: YEAR, from: firstDay(), to: lastDay() })(),
      // The whole year, every deployment counted: 365 days × 50.
      check: statusAnd(200, (body) => {
        const counted = field(field(body, 'changeFailureRate'), 'deployments');
        return counted === DAYS * PER_DAY
          ? undefined
          : `expected ${DAYS * PER_DAY} deployments, got ${String(counted)}`;
      }),
    },
    deliveryReleasesGet: {
      events: () => get('GET /delivery/releases', '/delivery/releases', { pipeline: MARKED })(),
      check: statusIs(200),
    },
    deliveryPipelinesGet: { events: get('GET /delivery/pipelines', '/delivery/pipelines'), check: statusIs(200) },
    deliveryPipelinePut: {
      events: () => [
        httpEvent({
          method: 'PUT',
          routeKey: 'PUT /delivery/pipelines/{pipeline}',
          path: `/delivery/pipelines/${MARKED}`,
          pathParameters: { pipeline: MARKED },
          body: JSON.stringify({ projectId: PROJECT_ID, production: true }),
          signedIn: true,
        }),
      ],
      check: statusIs(200),
    },
    deliveryFailureMark: { events: failureRequest('PUT'), check: statusIs(200) },
    deliveryFailureUnmark: { events: failureRequest('DELETE'), check: statusIs(200) },
  },
};
