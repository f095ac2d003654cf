import { requireEnv } from '@shared/config';

export const ENV = {
  activitiesTable: 'ACTIVITIES_TABLE',
} as const;

export const config = {
  activitiesTable: requireEnv(ENV.activitiesTable),
};
