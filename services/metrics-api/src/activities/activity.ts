import type { ActivityInput } from '@shared/activities/activity.schema';

/** A stored activity as the API returns it. */
export interface Activity extends ActivityInput {
  id: string;
  createdAt: string;
  updatedAt: string;
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
  /** The signed-in owner's user id (the token's `sub`); absent on records made without sign-in. */
  engineerId?: string;
}

export const ACTIVITY_FIELDS = [
  'id',
  'engineer',
  'customer',
  'project',
  'activity',
  'date',
  'hours',
  'notes',
  'createdAt',
  'updatedAt',
] as const;

export function toItem(activity: Activity, requestHash?: string, engineerId?: string): ActivityItem {
  return {
    ...activity,
    kind: ACTIVITY_KIND,
    sortKey: `${activity.date}#${activity.createdAt}#${activity.id}`,
    ...(requestHash === undefined ? {} : { requestHash }),
    ...(engineerId === undefined ? {} : { engineerId }),
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
