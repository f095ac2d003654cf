/**
 * `npm run demo:delivery [-- --days 91 --per-day 3]`: with `npm start` running, seeds a quarter of
 * delivery history for the local pipelines (scripts/seed-delivery.ts) straight into dynalite with
 * BatchWriteItem: the executions and day aggregates the recorder would have written, QC and PMO
 * approvers named, about one release in ten failed, and the hours the seeded engineers recorded on
 * the pipelines' projects (some of them incident and rollback hours). Then GET /delivery/metrics and
 * /delivery/releases have something to show. Runs again without duplicating: the same ids each time.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Activity, toItem } from '../services/metrics-api/src/activities/activity';
import { batchWrite, deliveryHistory } from '../test-support/delivery-history';
import { LOCAL_PEOPLE } from '../test-support/people';
import { portFromEnv } from '../test-support/ports';
import { DEV_STAGE } from './local/dev-ports';
import { SEEDED_CATALOGUE, seedCatalogue } from './seed-catalogue';
import { localDocumentClient, seedDeliverySettings } from './seed-delivery';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: { days: { type: 'string', default: '91' }, 'per-day': { type: 'string', default: '3' } },
});
const days = Number(values.days);
const perDay = Number(values['per-day']);
if (!Number.isInteger(days) || days < 1 || days > 400) throw new Error('--days must be a whole number from 1 to 400');
if (!Number.isInteger(perDay) || perDay < 1 || perDay > 100)
  throw new Error('--per-day must be a whole number from 1 to 100');

const endpoint = `http://127.0.0.1:${portFromEnv('RUNWAY_DYNAMODB_PORT', 8000)}`;
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ACTIVITIES = ['Development', 'Code review', 'Testing', 'Incident response', 'Rollback'] as const;

/** A UUID of the record's day, engineer and project: the demo run again writes the same records. */
function stableId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Each seeded engineer's work days on a project: a few hours a day, now and then on an incident or a rollback. */
function recordedHours(customer: string, project: string, projectId: string, lastDay: number): Activity[] {
  const engineers = LOCAL_PEOPLE.filter((person) => person.groups.includes('engineers'));
  const records: Activity[] = [];
  for (let back = days - 1; back >= 0; back -= 1) {
    const date = dayOf(lastDay - back * DAY);
    const weekday = new Date(lastDay - back * DAY).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    engineers.forEach((engineer, index) => {
      const turn = (back + index * 3) % 17;
      const activity = turn === 0 ? 'Incident response' : turn === 9 ? 'Rollback' : ACTIVITIES[(back + index) % 3];
      const stamp = `${date}T17:00:00.000Z`;
      records.push({
        id: stableId(date, engineer.id, project),
        engineerId: engineer.id,
        engineer: engineer.name,
        customer,
        project,
        projectId,
        activity: activity ?? 'Development',
        date,
        hours: 2 + ((back + index) % 4),
        createdAt: stamp,
        updatedAt: stamp,
      });
    });
  }
  return records;
}

async function main(): Promise<void> {
  try {
    await seedCatalogue(endpoint, DEV_STAGE);
  } catch {
    console.error(
      `No local DynamoDB at ${endpoint}: start the local stack first with \`npm start\` (in another terminal).`,
    );
    process.exit(1);
  }
  const settings = await seedDeliverySettings(endpoint, DEV_STAGE);
  const lastDay = Date.parse(`${dayOf(Date.now() - DAY)}T00:00:00Z`);
  const client = localDocumentClient(endpoint);
  try {
    const history = deliveryHistory({
      pipelines: settings.map((setting) => setting.pipeline),
      lastDay: dayOf(lastDay),
      days,
      perDay,
      failureRate: 0.1,
      executions: true,
      approvers: { qc: 'qc.lead@example.com', pmo: 'pmo.lead@example.com' },
    });
    await batchWrite(client, `runway-metrics-api-${DEV_STAGE}-delivery`, history);
    const activities = settings.flatMap((setting) => {
      const customer = SEEDED_CATALOGUE.find((entry) =>
        entry.projects.some((project) => project.name === setting.project),
      );
      return recordedHours(customer?.customer ?? 'Acme', setting.project, setting.projectId, lastDay).map(
        (activity) => ({ ...toItem(activity) }),
      );
    });
    await batchWrite(client, `runway-metrics-api-${DEV_STAGE}-activities`, activities);
    console.log(
      [
        `Seeded ${days} days of delivery history (${perDay} production deployments a day) for ${settings.map((setting) => setting.pipeline).join(', ')},`,
        `and ${activities.length} activity records on their projects (${settings.map((setting) => setting.project).join(', ')}).`,
        'Signed in as Paulo Santos (a manager): GET /delivery/metrics, GET /delivery/releases (docs/delivery-metrics.md).',
      ].join('\n'),
    );
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
