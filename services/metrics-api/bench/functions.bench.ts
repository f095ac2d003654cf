/** The bench's representative invocation of each metrics-api function (run by `npm run bench`). */
import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  authorizerOf,
  BENCH_STAGE,
  documentClient,
  type Emulators,
  field,
  httpEvent,
  jsonBody,
  LOCAL_PEOPLE,
  type LocalPerson,
  type Round,
  type ServiceBench,
  scheduledEvent,
  statusAnd,
  statusIs,
} from '../../../scripts/bench/workload';
import { loadEvent } from '../../../test-support/events';
import { seedActivities, seededRecord } from '../../../test-support/seed-activities';
import { shiftWeek } from '../src/weeks/iso-week';

const WEEKS_TABLE = `runway-metrics-api-${BENCH_STAGE}-weeks`;
const TIMERS_TABLE = `runway-metrics-api-${BENCH_STAGE}-timers`;

/** The sample activity with this round's project and hours, so every created record differs (the engineer is the caller). */
function activityBody(index: number): string {
  const { engineer: _caller, ...sample } = JSON.parse(
    loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity').body ?? '{}',
  );
  return JSON.stringify({ ...sample, project: `Bench Project ${index}`, hours: (index % 96) / 4 + 0.25 });
}

const createEvent = (index: number) =>
  httpEvent({
    method: 'POST',
    routeKey: 'POST /activities',
    path: '/activities',
    body: activityBody(index),
    signedIn: true,
  });

function kept(round: Round, name: 'activityId' | 'submittedWeek' | 'customerId' | 'projectId', by: string): string {
  const value = round.kept[name];
  if (typeof value !== 'string') throw new Error(`${by} did not run in this round`);
  return value;
}

const activityRequest = (method: string, round: Round, body?: string) => {
  const id = kept(round, 'activityId', 'activityCreate');
  return [
    httpEvent({
      method,
      routeKey: `${method} /activities/{id}`,
      signedIn: true,
      path: `/activities/${id}`,
      pathParameters: { id },
      body,
    }),
  ];
};

const weekStep = (step: 'approve' | 'withdraw', round: Round, extra: Partial<Parameters<typeof httpEvent>[0]> = {}) => {
  const week = kept(round, 'submittedWeek', 'weekSubmit');
  return [
    httpEvent({
      method: 'POST',
      routeKey: `POST /weeks/{week}/${step}`,
      path: `/weeks/${week}/${step}`,
      pathParameters: { week },
      signedIn: true,
      ...extra,
    }),
  ];
};

/** The week of the sample activity (2026-11-23), which holds the seeded records: what GET /weeks/{week} reads. */
const RECORDS_WEEK = '2026-W48';

/** A week of its own per round (counted from 2025-W01), so that each round submits and approves an open week. */
export function roundWeek(index: number): string {
  return shiftWeek('2025-W01', index);
}

/** The seeded manager, who decides the fixture caller's weeks (a manager cannot decide their own). */
function seededManager(): LocalPerson {
  const manager = LOCAL_PEOPLE.find((person) => person.groups.includes('managers'));
  if (manager === undefined) throw new Error('test-support/people.ts seeds no manager');
  return manager;
}

const seededEngineers = () => LOCAL_PEOPLE.filter((person) => person.groups.includes('engineers'));

/** The week functions that mail or list people read the seeded ones, as on the local stack, where AWS asks the pool. */
const LOCAL_PEOPLE_ENV = {
  LOCAL_PEOPLE: JSON.stringify(LOCAL_PEOPLE.map(({ password: _password, ...person }) => person)),
};

const weekState =
  (state: string) =>
  (body: unknown): string | undefined =>
    field(body, 'state') === state ? undefined : `expected the week ${state}, got ${JSON.stringify(body)}`;

/**
 * Forgets that the seeded engineers were reminded about any week: the weekly reminder sends one
 * email per engineer and week, so without this only the first round of a bench run would mail anyone.
 */
async function forgetWeekReminders(emulators: Emulators): Promise<void> {
  const client = documentClient(emulators);
  try {
    for (const { id: engineerId } of seededEngineers()) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: WEEKS_TABLE,
          KeyConditionExpression: 'engineerId = :engineerId',
          FilterExpression: 'attribute_exists(remindedAt)',
          ExpressionAttributeValues: { ':engineerId': engineerId },
        }),
      );
      for (const item of Items) {
        await client.send(
          new UpdateCommand({
            TableName: WEEKS_TABLE,
            Key: { engineerId, week: item.week },
            UpdateExpression: 'REMOVE remindedAt',
          }),
        );
      }
    }
  } finally {
    client.destroy();
  }
}

const ENGINEERS = 100;
const CUSTOMERS = 8;
const DAY_MS = 24 * 3600 * 1000;

/**
 * A year of records (one data set per year, from 1981) of 100 engineers, each on three projects
 * of one of eight customers, spread over the year's working days: the records and the totals
 * they add up to, written straight into dynalite (BatchWriteItem).
 */
async function seedYear(emulators: Emulators, records: number, year: number): Promise<void> {
  const workdays: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += DAY_MS) {
    const day = new Date(ms).getUTCDay();
    if (day !== 0 && day !== 6) workdays.push(new Date(ms).toISOString().slice(0, 10));
  }
  const items = Array.from({ length: records }, (_, n) => {
    const engineer = n % ENGINEERS;
    const customer = engineer % CUSTOMERS;
    return seededRecord({
      engineerId: `scale-engineer-${engineer}`,
      engineer: `Scale Engineer ${engineer}`,
      customer: `Scale Customer ${customer}`,
      project: `Scale Project ${customer}.${Math.floor(n / ENGINEERS) % 3}`,
      // Spread over the whole year at every size (2,000 records are still a year, not a month).
      date: workdays[n % workdays.length] ?? `${year}-01-01`,
      hours: 0.25 + (n % 32) / 4,
    });
  });
  const client = documentClient(emulators);
  try {
    await seedActivities(
      client,
      {
        activities: `runway-metrics-api-${BENCH_STAGE}-activities`,
        totals: `runway-metrics-api-${BENCH_STAGE}-totals`,
      },
      items,
    );
  } finally {
    client.destroy();
  }
}

const get = (routeKey: string, path: string, query?: Record<string, string>) => () => [
  httpEvent({ method: 'GET', routeKey, path, query, signedIn: true }),
];

/** A request of the fixture's caller (a manager who is also an engineer) with a JSON body. */
const send = (
  method: string,
  routeKey: string,
  path: string,
  body: unknown,
  pathParameters?: Record<string, string>,
) => [httpEvent({ method, routeKey, path, body: JSON.stringify(body), pathParameters, signedIn: true })];

/** What the timer functions start and stop: the sample activity's customer and project. */
const TIMER_BODY = { customer: 'Acme Corp', project: 'Data platform migration', activity: 'Build', notes: 'bench' };

/** A running timer of the fixture's caller, written straight to the table (the API starts one only now). */
async function runningTimer(emulators: Emulators): Promise<void> {
  const claims = authorizerOf(true).jwt.claims;
  const client = documentClient(emulators);
  try {
    await client.send(
      new PutCommand({
        TableName: TIMERS_TABLE,
        Item: {
          engineerId: claims.sub,
          engineer: claims.name,
          ...TIMER_BODY,
          startedAt: new Date().toISOString(),
          timeZone: 'UTC',
        },
      }),
    );
  } finally {
    client.destroy();
  }
}

const keepId = (name: 'customerId' | 'projectId') => (result: unknown, round: Round) => {
  round.kept[name] = String(field(jsonBody(result), 'id'));
};

/** The catalogue, the export to Excel and the timer: each function once a round, in this order. */
const catalogueAndTimer: ServiceBench['workloads'] = {
  catalogueGet: { events: get('GET /catalogue', '/catalogue'), check: statusIs(200), peer: 'dynamodb_api' },
  customerCreate: {
    events: (round) =>
      send('POST', 'POST /catalogue/customers', '/catalogue/customers', {
        name: `Bench ${round.index} ${randomUUID()}`,
      }),
    check: statusIs(201),
    after: keepId('customerId'),
    peer: 'dynamodb_api',
  },
  projectCreate: {
    events: (round) =>
      send('POST', 'POST /catalogue/projects', '/catalogue/projects', {
        customerId: kept(round, 'customerId', 'customerCreate'),
        name: `Bench project ${round.index}`,
      }),
    check: statusIs(201),
    after: keepId('projectId'),
    peer: 'dynamodb_api',
  },
  catalogueEntryUpdate: {
    events: (round) => {
      const id = kept(round, 'projectId', 'projectCreate');
      return send(
        'PUT',
        'PUT /catalogue/projects/{id}',
        `/catalogue/projects/${id}`,
        {
          name: `Bench project ${round.index} renamed`,
          archived: false,
        },
        { id },
      );
    },
    check: statusIs(200),
    peer: 'dynamodb_api',
  },
  activityExportXlsx: {
    events: get('GET /activities.xlsx', '/activities.xlsx', { customer: 'Acme Corp' }),
    check: statusIs(200),
    peer: 'dynamodb_api',
  },
  timerStart: {
    events: () => send('POST', 'POST /timer', '/timer', TIMER_BODY),
    check: statusIs(201),
    peer: 'dynamodb_api',
  },
  timerGet: { events: get('GET /timer', '/timer'), check: statusIs(200), peer: 'dynamodb_api' },
  timerStop: {
    events: () => send('POST', 'POST /timer/stop', '/timer/stop', {}),
    check: statusIs(201),
    peer: 'dynamodb_api',
  },
  timerDiscard: {
    events: async (round) => {
      await runningTimer(round.emulators);
      return [httpEvent({ method: 'DELETE', routeKey: 'DELETE /timer', path: '/timer', signedIn: true })];
    },
    check: statusIs(204),
    peer: 'dynamodb_api',
  },
};

export const bench: ServiceBench = {
  // The managers' summary over a year, by customer and month: read from the maintained totals, it
  // must answer 200,000 records within 1.5x of the time it answers 2,000.
  scale: {
    functionKey: 'summaryGet',
    does: 'GET /summary of a year, 100 engineers, by customer × month (maintained totals)',
    sizes: [2_000, 200_000],
    maxRatio: 1.5,
    prepare: async (emulators, records, dataset) => {
      const year = 1981 + dataset;
      await seedYear(emulators, records, year);
      return httpEvent({
        method: 'GET',
        routeKey: 'GET /summary',
        path: '/summary',
        query: { groupBy: 'customer', thenBy: 'month', from: `${year}-01-01`, to: `${year}-12-31` },
        signedIn: seededManager(),
      });
    },
    check: (records) =>
      statusAnd(200, (body) =>
        field(body, 'totalCount') === records && field(body, 'source') === 'totals'
          ? undefined
          : `expected ${records} records from the totals, got ${JSON.stringify(body).slice(0, 300)}`,
      ),
  },
  // Records for the list, export and summary functions to read.
  seed: { functionKey: 'activityCreate', events: () => Array.from({ length: 40 }, (_, index) => createEvent(index)) },
  workloads: {
    activityCreate: {
      events: (round) => [createEvent(round.index)],
      check: statusIs(201),
      after: (result, round) => {
        round.kept.activityId = String(field(jsonBody(result), 'id'));
      },
      peer: 'dynamodb_api',
    },
    activityGet: { events: (round) => activityRequest('GET', round), check: statusIs(200), peer: 'dynamodb_api' },
    activityUpdate: {
      events: (round) => activityRequest('PUT', round, activityBody(round.index + 1)),
      check: statusIs(200),
      peer: 'dynamodb_api',
    },
    activityList: { events: get('GET /activities', '/activities'), check: statusIs(200), peer: 'dynamodb_api' },
    activityExport: {
      events: get('GET /activities.csv', '/activities.csv', { customer: 'Acme Corp' }),
      check: statusIs(200),
      peer: 'dynamodb_api',
    },
    summaryGet: {
      events: get('GET /summary', '/summary', { groupBy: 'customer' }),
      check: statusIs(200),
      peer: 'dynamodb_api',
    },
    activityDelete: { events: (round) => activityRequest('DELETE', round), check: statusIs(204), peer: 'dynamodb_api' },
    weekGet: {
      events: () => [
        httpEvent({
          method: 'GET',
          routeKey: 'GET /weeks/{week}',
          path: `/weeks/${RECORDS_WEEK}`,
          pathParameters: { week: RECORDS_WEEK },
          signedIn: true,
        }),
      ],
      // One indexed query of the caller's week: the seeded records must be in it.
      check: statusAnd(200, (body) => {
        const entries = field(body, 'entries');
        return field(body, 'week') === RECORDS_WEEK && Array.isArray(entries) && entries.length > 0
          ? undefined
          : `expected the records of ${RECORDS_WEEK}, got ${JSON.stringify(body).slice(0, 300)}`;
      }),
      peer: 'dynamodb_api',
    },
    weekSubmit: {
      events: (round) => {
        const week = roundWeek(round.index);
        return [
          httpEvent({
            method: 'POST',
            routeKey: 'POST /weeks/{week}/submit',
            path: `/weeks/${week}/submit`,
            pathParameters: { week },
            signedIn: true,
          }),
        ];
      },
      // Submitted, and the seeded manager mailed through SES.
      check: statusAnd(200, (body) => {
        const notified = field(body, 'notified');
        return (
          weekState('submitted')(body) ??
          (Array.isArray(notified) && notified.includes(seededManager().email)
            ? undefined
            : `expected ${seededManager().email} notified, got ${JSON.stringify(notified)}`)
        );
      }),
      after: (result, round) => {
        round.kept.submittedWeek = String(field(jsonBody(result), 'week'));
      },
      env: LOCAL_PEOPLE_ENV,
      peer: 'approval_notify',
    },
    weekList: {
      events: (round) => {
        kept(round, 'submittedWeek', 'weekSubmit');
        return get('GET /weeks', '/weeks', { state: 'submitted' })();
      },
      // What waits for a decision: at least this round's submitted week.
      check: statusAnd(200, (body) => {
        const items = field(body, 'items');
        return Array.isArray(items) && items.length > 0
          ? undefined
          : `expected submitted weeks, got ${JSON.stringify(body)}`;
      }),
      env: LOCAL_PEOPLE_ENV,
      peer: 'dynamodb_api',
    },
    weekDecide: {
      events: (round) =>
        weekStep('approve', round, {
          body: JSON.stringify({ engineer: field(authorizerOf(true).jwt.claims, 'sub'), comment: 'bench' }),
          signedIn: seededManager(),
        }),
      check: statusAnd(200, weekState('approved')),
      peer: 'dynamodb_api',
    },
    weekWithdraw: {
      // The round's week is approved by now (weekDecide ran): the engineer's withdraw reads the week
      // and is refused with 409, the path that needs no second submit in the round.
      events: (round) => weekStep('withdraw', round),
      check: statusIs(409),
      peer: 'dynamodb_api',
    },
    onReminderSchedule: {
      events: async (round) => {
        await forgetWeekReminders(round.emulators);
        return [scheduledEvent('metrics-api')];
      },
      // Every seeded engineer has work days without hours this week (they record nothing in the bench).
      check: (result) => {
        const reminded = field(result, 'reminded');
        const expected = seededEngineers().map((person) => person.email);
        return Array.isArray(reminded) && expected.every((email) => reminded.includes(email))
          ? undefined
          : `expected reminders to ${expected.join(', ')}, got ${JSON.stringify(result)}`;
      },
      env: LOCAL_PEOPLE_ENV,
      peer: 'approval_notify',
    },
    ...catalogueAndTimer,
  },
  peers: {
    dynamodb_api: {
      envOf: 'activityCreate',
      does: 'POST /activities: JSON body, DynamoDB put_item (boto3 resource)',
      workload: { events: (round) => [createEvent(round.index + 100_000)], check: statusIs(201) },
    },
  },
};
