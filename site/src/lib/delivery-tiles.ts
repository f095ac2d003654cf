import type { DeliveryMetrics, DoraBand } from './delivery-api';
import { bandName, duration, percent, round, when } from './delivery-format';
import { element } from './dom';

/** How many of four marks a band fills: a shape to read besides the colour and the word. */
const BAND_MARKS: Record<DoraBand, number> = { elite: 4, high: 3, medium: 2, low: 1 };

interface Tile {
  key: string;
  title: string;
  value: string;
  unit: string;
  details: string[];
  band: DoraBand | null;
}

function tile({ key, title, value, unit, details, band }: Tile): HTMLLIElement {
  const item = element('li', undefined, { class: 'tile', 'data-key': key, 'data-band': band ?? 'none' });
  const figure = element('p', undefined, { class: 'tile-value' });
  figure.append(element('strong', value), unit === '' ? '' : ` ${unit}`);
  const bandLine = element('p', undefined, { class: 'band' });
  const filled = band === null ? 0 : BAND_MARKS[band];
  bandLine.append(
    element('span', '●'.repeat(filled) + '○'.repeat(4 - filled), { class: 'band-marks', 'aria-hidden': 'true' }),
    ' ',
    element('span', band === null ? bandName(band) : `${bandName(band)} performer`, { class: 'band-name' }),
  );
  item.append(
    element('h3', title),
    figure,
    ...details.map((text) => element('p', text, { class: 'tile-detail' })),
    bandLine,
  );
  return item;
}

/** The four keys of the period as tiles, each with its DORA band in words, marks and colour. */
export function keyTiles(metrics: DeliveryMetrics): HTMLLIElement[] {
  const { deploymentFrequency: frequency, leadTime, changeFailureRate: failures, recoveryTime: recovery } = metrics;
  const open = recovery.unrecovered.map(
    (failure) => `Not recovered yet: ${failure.pipeline} since ${when(failure.failedAt)}`,
  );
  return [
    tile({
      key: 'deployment-frequency',
      title: 'Deployment frequency',
      value: round(frequency.perWeek),
      unit: 'per week',
      details: [`${frequency.deployments} successful production deployments, ${round(frequency.perDay)} per day`],
      band: frequency.band,
    }),
    tile({
      key: 'lead-time',
      title: 'Lead time for changes',
      value: duration(leadTime.medianSeconds),
      unit: leadTime.medianSeconds === null ? '' : 'median',
      details: [`p90 ${duration(leadTime.p90Seconds)} over ${leadTime.count} releases`],
      band: leadTime.band,
    }),
    tile({
      key: 'change-failure-rate',
      title: 'Change failure rate',
      value: percent(failures.rate),
      unit: '',
      details: [`${failures.failures} of ${failures.deployments} production deployments failed`],
      band: failures.band,
    }),
    tile({
      key: 'recovery-time',
      title: 'Failed deployment recovery time',
      value: duration(recovery.medianSeconds),
      unit: recovery.medianSeconds === null ? '' : 'median',
      details: [`p90 ${duration(recovery.p90Seconds)} over ${recovery.recovered} recoveries`, ...open],
      band: recovery.band,
    }),
  ];
}
