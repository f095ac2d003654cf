import { requireEnv } from '@shared/config';

export const ENV = {
  activitiesTable: 'ACTIVITIES_TABLE',
  weeksTable: 'WEEKS_TABLE',
} as const;

export const config = {
  activitiesTable: requireEnv(ENV.activitiesTable),
  weeksTable: requireEnv(ENV.weeksTable),
};
