import type { DoraBand, FailureCause, LeadTimeParts } from './delivery-api';

/** A duration for people: minutes under two hours, hours under two days, days beyond. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  const minutes = seconds / 60;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${round(hours)} h`;
  return `${round(hours / 24)} d`;
}

/** One decimal, none when it is 0 (3 h, 3.5 h). */
export function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A 0..1 rate as a whole percentage; '–' without one. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${Math.round(rate * 100)}%`;
}

const BAND_NAMES: Record<DoraBand, string> = { elite: 'Elite', high: 'High', medium: 'Medium', low: 'Low' };

/** The band in words, so it reads without its colour; no band when the period gave nothing to measure. */
export function bandName(band: DoraBand | null): string {
  return band === null ? 'No band yet' : BAND_NAMES[band];
}

/** The lead time's parts in the order they happen, with their names (the legend and the bars share them). */
export const LEAD_TIME_PARTS: { key: keyof LeadTimeParts; name: string }[] = [
  { key: 'buildAndQat', name: 'Build & QAT' },
  { key: 'waitingForQc', name: 'Waiting for QC' },
  { key: 'waitingForPmo', name: 'Waiting for PMO' },
  { key: 'productionDeploy', name: 'Production deploy' },
];

/** "Build & QAT 1 h, waiting for QC 90 min, …": a release's parts as one sentence. */
export function describeParts(parts: LeadTimeParts): string {
  return LEAD_TIME_PARTS.map(({ key, name }, index) => {
    const label = index === 0 ? name : name.charAt(0).toLowerCase() + name.slice(1);
    return `${label} ${duration(parts[key])}`;
  }).join(', ');
}

const CAUSES: Record<FailureCause, string> = {
  'deploy-failed': 'the production deploy failed',
  'rolled-back': 'rolled back by CodeDeploy',
  marked: 'marked by a manager as having caused a failure',
};

export function failureCause(cause: FailureCause | undefined): string {
  return cause === undefined ? 'failed' : CAUSES[cause];
}

/** An ISO time as the browser's local date and time, to the minute. */
export function when(iso: string): string {
  const date = new Date(iso);
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return `${day} ${date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** Hours as recorded, to two decimals at most. */
export function hours(value: number): string {
  return `${Math.round(value * 100) / 100} h`;
}
