import type { ActivityInput, Person } from '@shared/activities/activity.schema';

/** A stored activity as the API returns it. */
export interface Activity extends Omit<ActivityInput, 'onBehalfOf'> {
  id: string;
  /** The owner's user id (the token's `sub`); absent on records from before sign-in. */
  engineerId?: string;
  /** The owner's display name. */
  engineer: string;
  /** Who recorded it, when not the owner (a manager on the owner's behalf). */
  recordedBy?: Person;
  /** Who last changed it, when not the owner. */
  updatedBy?: Person;
  /** The catalogue entries it was recorded against (src/catalogue); absent on free-text records. */
  customerId?: string;
  projectId?: string;
  /** Shown, never stored: the catalogue project is archived (or its customer is). */
  projectArchived?: true;
  createdAt: string;
  updatedAt: string;
}

/** One group of a summary: its key (a customer, project, engineer, …), hours and records. */
export interface SummaryGroup {
  /** The group's value of `groupBy`. */
  key: string;
  /** Its value of `thenBy`, when the summary has a second dimension. */
  subKey?: string;
  hours: number;
  count: number;
}

/** The partition value of the all-activities index (see query-plan.ts). */
export const ACTIVITY_KIND = 'activity';

/** How an activity sits in DynamoDB: the record plus index and idempotency attributes. */
export interface ActivityItem extends Activity {
  kind: typeof ACTIVITY_KIND;
  /** `date#createdAt#id`: sorts newest first within every index. */
  sortKey: string;
  /** SHA-256 of the create request body when it came with an Idempotency-Key. */
  requestHash?: string;
}

export const ACTIVITY_FIELDS = [
  'id',
  'engineerId',
  'engineer',
  'customer',
  'customerId',
  'project',
  'projectId',
  'activity',
  'date',
  'hours',
  'notes',
  'recordedBy',
  'updatedBy',
  'createdAt',
  'updatedAt',
] as const;

/** The columns of a CSV export; a person is written as their name, and internal ids are left out. */
const NOT_EXPORTED: readonly string[] = ['id', 'engineerId', 'updatedBy', 'customerId', 'projectId'];
export const CSV_FIELDS = ACTIVITY_FIELDS.filter((field) => !NOT_EXPORTED.includes(field));

export function toItem(activity: Activity, requestHash?: string): ActivityItem {
  return {
    ...activity,
    kind: ACTIVITY_KIND,
    sortKey: `${activity.date}#${activity.createdAt}#${activity.id}`,
    ...(requestHash === undefined ? {} : { requestHash }),
  };
}

/** The API view of a stored item: index and idempotency attributes dropped. */
export function fromItem(item: ActivityItem): Activity {
  const activity: Record<string, unknown> = {};
  for (const field of ACTIVITY_FIELDS) {
    if (item[field] !== undefined) activity[field] = item[field];
  }
  return activity as unknown as Activity;
}

/** A CSV row: people flattened to their names. */
export function csvRow(activity: Activity): Partial<Record<(typeof CSV_FIELDS)[number], unknown>> {
  return { ...activity, recordedBy: activity.recordedBy?.name };
}
