/**
 * `npm run import-catalogue -- --stage prod`: brings the customers and projects that records
 * carry as free text into the catalogue, and links each record to its entries. Records keep the
 * text they were recorded with; the API shows the entries' (current) names.
 *
 * A dry run unless `--apply` is given: it prints the entries it would create, the records it
 * would link, and the proposed merges — spellings that differ only in case or spacing
 * ("ACME", "Acme ", "acme" → "Acme", the most used spelling). A merge is applied only once
 * reviewed: a dry run with `--review-file merges.json` writes every proposed merge there with
 * `"accept": false`; a person sets `accept` (and may pick another spelling), and a run with the
 * same file applies the accepted ones (`--accept-merges` accepts every one printed). Merges not
 * accepted are left unlinked and proposed again. A name already in the catalogue is reused, so a
 * rerun creates nothing twice; a record written or linked meanwhile is left alone.
 *
 *   --stage <stage>     the stage whose tables metrics-api's stack outputs name (default dev; --region)
 *   --activities-table <name> --catalogue-table <name>   or name both tables
 *   --local             the local stack (`npm start`): its dynalite on RUNWAY_DYNAMODB_PORT (8000)
 *   --review-file <f>   a dry run writes (or updates) the merges to review there; any run applies those accepted
 *   --accept-merges     merge every case and spacing variant as printed
 *   --apply             write
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { EntryItem } from '../services/metrics-api/src/catalogue/catalogue';
import { dynamoCatalogueStore } from '../services/metrics-api/src/catalogue/catalogue-store';
import { nameKey } from '../shared/src/catalogue/name-key';
import {
  acceptAll,
  acceptNone,
  parseReview,
  type Review,
  type ReviewFile,
  reviewOf,
  updatedReviewFile,
} from './catalogue-review';
import { COUNTED_PROJECTION, type CountedRecord, changeCounted } from './change-records';
import { metricsApiTables, TABLE_OPTIONS } from './metrics-api-tables';

/** A record as the import reads it. */
/** A record not linked to the catalogue: its names as recorded and (as read) what its totals are kept by. */
export type FreeTextRecord = {
  id: string;
  customer: string;
  project: string;
  projectId?: string;
} & Partial<CountedRecord>;

/** Spellings of one name (by name key) and how many records carry each. */
export interface Variants {
  key: string;
  /** The spelling entries get: the catalogue's when it has one, else the most used. */
  name: string;
  spellings: { spelling: string; records: number }[];
  /** Already in the catalogue under this id. */
  existingId?: string;
}

export interface ProjectPlan extends Variants {
  customerKey: string;
  records: FreeTextRecord[];
}

export interface ImportPlan {
  customers: Variants[];
  projects: ProjectPlan[];
}

function variantsOf(key: string, spellings: string[], existing: EntryItem | undefined): Variants {
  const counts = new Map<string, number>();
  for (const spelling of spellings) counts.set(spelling, (counts.get(spelling) ?? 0) + 1);
  const list = [...counts]
    .map(([spelling, records]) => ({ spelling, records }))
    .sort((a, b) => b.records - a.records || a.spelling.localeCompare(b.spelling, 'en'));
  const name = existing?.name ?? list[0]?.spelling.trim().replace(/\s+/gu, ' ') ?? key;
  return { key, name, spellings: list, ...(existing ? { existingId: existing.id } : {}) };
}

/** What the import would do: every unlinked record grouped by customer and project name key. */
export function planImport(records: readonly FreeTextRecord[], entries: readonly EntryItem[]): ImportPlan {
  const customerEntry = (key: string) =>
    entries.find((entry) => entry.type === 'customer' && nameKey(entry.name) === key);
  const byCustomer = new Map<string, FreeTextRecord[]>();
  for (const record of records) {
    if (record.projectId !== undefined) continue;
    const key = nameKey(record.customer);
    byCustomer.set(key, [...(byCustomer.get(key) ?? []), record]);
  }
  const plan: ImportPlan = { customers: [], projects: [] };
  for (const [customerKey, ofCustomer] of [...byCustomer].sort(([a], [b]) => a.localeCompare(b))) {
    const customer = customerEntry(customerKey);
    plan.customers.push(
      variantsOf(
        customerKey,
        ofCustomer.map((record) => record.customer),
        customer,
      ),
    );
    const byProject = new Map<string, FreeTextRecord[]>();
    for (const record of ofCustomer) {
      const key = nameKey(record.project);
      byProject.set(key, [...(byProject.get(key) ?? []), record]);
    }
    for (const [key, ofProject] of [...byProject].sort(([a], [b]) => a.localeCompare(b))) {
      const project = entries.find(
        (entry) =>
          entry.type === 'project' &&
          customer !== undefined &&
          entry.customerId === customer.id &&
          nameKey(entry.name) === key,
      );
      plan.projects.push({
        ...variantsOf(
          key,
          ofProject.map((record) => record.project),
          project,
        ),
        customerKey,
        records: ofProject,
      });
    }
  }
  return plan;
}

/** A merge: more than one spelling of one name. */
export const isMerge = (variants: Variants) => variants.spellings.length > 1;

/** The merges of a plan, customers first. */
export const mergesOf = (plan: ImportPlan): Variants[] => [
  ...plan.customers.filter(isMerge),
  ...plan.projects.filter(isMerge),
];

/**
 * The part of a plan a review lets through: names with one spelling, and the merges it accepted
 * under the name it chose; a project goes only with its customer.
 */
export function acceptedPart(plan: ImportPlan, review: Review): ImportPlan {
  const decided = <T extends Variants>(entry: T): T | undefined => {
    if (!isMerge(entry)) return entry;
    const decision = review(entry);
    return decision === undefined ? undefined : { ...entry, name: entry.existingId ? entry.name : decision.name };
  };
  const customers = plan.customers.map(decided).filter((entry) => entry !== undefined);
  const kept = new Set(customers.map((customer) => customer.key));
  const projects = plan.projects
    .filter((project) => kept.has(project.customerKey))
    .map(decided)
    .filter((entry) => entry !== undefined);
  return { customers, projects };
}

const quoted = (variants: Variants) =>
  variants.spellings.map(({ spelling, records }) => `"${spelling}" (${records})`).join(', ');

function mergeLine(
  merge: Variants,
  decision: { name: string } | undefined,
  options: { applied: boolean; pending: string },
): string {
  const kind = 'customerKey' in merge ? 'project' : 'customer';
  const state =
    decision === undefined ? `proposed merge (${options.pending})` : options.applied ? 'merged' : 'will merge';
  return `${state}: ${kind} ${quoted(merge)} -> "${decision?.name ?? merge.name}"`;
}

/** What a run would do (or did), for a person to review; `pending` says how to accept a merge left out. */
export function describeImport(
  plan: ImportPlan,
  options: { applied: boolean; review: Review; pending: string },
): string[] {
  const accepted = acceptedPart(plan, options.review);
  const lines: string[] = [];
  const merges = mergesOf(plan);
  const decisions = merges.map((merge) => options.review(merge));
  lines.push(...merges.map((merge, index) => mergeLine(merge, decisions[index], options)));
  const waiting = decisions.filter((decision) => decision === undefined).length;
  const verb = options.applied ? 'created' : 'would create';
  for (const customer of accepted.customers.filter((entry) => entry.existingId === undefined))
    lines.push(`${verb} customer "${customer.name}"`);
  for (const project of accepted.projects.filter((entry) => entry.existingId === undefined))
    lines.push(
      `${verb} project "${project.name}" under "${accepted.customers.find((c) => c.key === project.customerKey)?.name}"`,
    );
  const linked = accepted.projects.reduce((sum, project) => sum + project.records.length, 0);
  lines.push(
    `${linked} record(s) ${options.applied ? 'linked' : 'to link'}; ${merges.length} merge(s)${waiting > 0 ? `, ${waiting} waiting for review` : ''}${options.applied ? '' : ' (dry run: nothing written; --apply writes)'}`,
  );
  return lines;
}

/**
 * The review a run follows, and the file a dry run leaves for the reviewer: `--accept-merges`
 * accepts all; `--review-file` reads the decisions made in it (a dry run then rewrites it with the
 * decisions kept and new merges added); neither accepts none.
 */
export function reviewFor(
  plan: ImportPlan,
  options: { acceptMerges: boolean; reviewFile?: string; apply: boolean },
): { review: Review; pending: string; write?: ReviewFile } {
  if (options.acceptMerges) return { review: acceptAll, pending: '' };
  const file = options.reviewFile;
  if (file === undefined)
    return { review: acceptNone, pending: 'review it with --review-file <file>, or --accept-merges accepts all' };
  const previous = existsSync(file) ? parseReview(readFileSync(file, 'utf8'), file) : undefined;
  const review = previous === undefined ? acceptNone : reviewOf(previous, file);
  const pending = `set "accept": true for it in ${file}`;
  return options.apply ? { review, pending } : { review, pending, write: updatedReviewFile(previous, mergesOf(plan)) };
}

/** Every record without a catalogue link, through the all-activities index (no table scan). */
export async function unlinkedRecords(client: DynamoDBDocumentClient, table: string): Promise<FreeTextRecord[]> {
  const records: FreeTextRecord[] = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: table,
      IndexName: 'byDate',
      KeyConditionExpression: 'kind = :kind',
      FilterExpression: 'attribute_not_exists(#projectId)',
      ExpressionAttributeValues: { ':kind': 'activity' },
      ...COUNTED_PROJECTION,
    },
  );
  for await (const page of pages) records.push(...((page.Items ?? []) as FreeTextRecord[]));
  return records;
}

const entry = (type: EntryItem['type'], name: string, now: string, customerId?: string): EntryItem => ({
  type,
  id: randomUUID(),
  name,
  ...(customerId === undefined ? {} : { customerId }),
  archived: false,
  createdAt: now,
  updatedAt: now,
});

/**
 * Writes the accepted part of a plan: the entries (through the catalogue's own store, so names
 * are claimed as the API claims them), then each record's link with the totals it moves
 * (scripts/change-records.ts), only while the record is still as it was planned with and has no
 * link. Returns how many records were linked.
 */
export async function applyImport(
  client: DynamoDBDocumentClient,
  tables: { activities: string; catalogue: string; totals: string },
  plan: ImportPlan,
  now = new Date(),
): Promise<number> {
  const catalogue = dynamoCatalogueStore(client, tables.catalogue);
  const stamp = now.toISOString();
  const ids = new Map<string, string>();
  const created = async (wanted: EntryItem): Promise<string> => {
    const outcome = await catalogue.create(wanted);
    if (outcome === 'written') return wanted.id;
    // Created meanwhile (another run, or a manager): reuse the entry holding the name.
    const holder = (await catalogue.entries()).find(
      (other) =>
        other.type === wanted.type &&
        other.customerId === wanted.customerId &&
        nameKey(other.name) === nameKey(wanted.name),
    );
    if (holder === undefined) throw new Error(`Could not create ${wanted.type} "${wanted.name}" (${outcome})`);
    return holder.id;
  };
  for (const customer of plan.customers) {
    ids.set(customer.key, customer.existingId ?? (await created(entry('customer', customer.name, stamp))));
  }
  let linked = 0;
  for (const project of plan.projects) {
    const customerId = ids.get(project.customerKey);
    if (customerId === undefined) continue;
    const projectId = project.existingId ?? (await created(entry('project', project.name, stamp, customerId)));
    for (const record of project.records) {
      if (await changeCounted(client, tables, record as CountedRecord, { customerId, projectId })) linked += 1;
    }
  }
  return linked;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...TABLE_OPTIONS,
      'accept-merges': { type: 'boolean', default: false },
      'review-file': { type: 'string' },
      apply: { type: 'boolean', default: false },
    },
  });
  const tables = await metricsApiTables(['activities', 'catalogue', 'totals'], values);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const catalogue = dynamoCatalogueStore(client, tables.catalogue);
  const plan = planImport(await unlinkedRecords(client, tables.activities), await catalogue.entries());
  const { review, pending, write } = reviewFor(plan, {
    acceptMerges: values['accept-merges'],
    reviewFile: values['review-file'],
    apply: values.apply,
  });
  // Decided before writing: a review naming a spelling of another name refuses here, not half-way.
  const accepted = acceptedPart(plan, review);
  if (values.apply) await applyImport(client, tables, accepted);
  for (const line of describeImport(plan, { applied: values.apply, review, pending })) console.log(line);
  if (write !== undefined && values['review-file'] !== undefined && write.merges.length > 0) {
    writeFileSync(values['review-file'], `${JSON.stringify(write, null, 2)}\n`);
    console.log(`${write.merges.length} merge(s) to review in ${values['review-file']}`);
  }
  client.destroy();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
