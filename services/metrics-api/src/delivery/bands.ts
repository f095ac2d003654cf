import type { DoraBand } from './delivery-view';

// DORA's performance clusters, as the 2023 Accelerate State of DevOps Report gives them (and
// docs/delivery-metrics.md quotes). Where the report's clusters overlap or leave a gap, the boundary
// is the upper edge of the better band.
const DAY = 86_400;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

/** Elite: on demand (at least daily); high: daily to weekly; medium: weekly to monthly; low: less often. */
export function frequencyBand(perDay: number): DoraBand {
  if (perDay >= 1) return 'elite';
  if (perDay >= 1 / 7) return 'high';
  if (perDay >= 1 / 30) return 'medium';
  return 'low';
}

/** Elite: under a day; high: up to a week; medium: up to a month; low: longer. */
export function leadTimeBand(seconds: number): DoraBand {
  if (seconds < DAY) return 'elite';
  if (seconds <= WEEK) return 'high';
  if (seconds <= MONTH) return 'medium';
  return 'low';
}

/** Elite: 5 % or less; high: 10 %; medium: 15 %; low: more. */
export function failureRateBand(rate: number): DoraBand {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

/** Elite: under an hour; high: under a day; medium: up to a week; low: longer. */
export function recoveryBand(seconds: number): DoraBand {
  if (seconds < 3600) return 'elite';
  if (seconds < DAY) return 'high';
  if (seconds <= WEEK) return 'medium';
  return 'low';
}
