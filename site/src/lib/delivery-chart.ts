import { svgElement } from './chart';
import type { DeliveryWeek, Release } from './delivery-api';
import { describeParts, duration, LEAD_TIME_PARTS, when } from './delivery-format';
import { element } from './dom';

/**
 * The delivery page's charts, drawn by hand as chart.ts draws the dashboard's (no chart library to
 * bundle): small SVG column charts of the weekly trend, and the lead-time breakdown as stacked HTML
 * bars, which wrap and keep their text size on a phone. Each carries its numbers as text for screen
 * readers; the tables beside them hold the same numbers.
 */

const WIDTH = 320;
const HEIGHT = 140;
const TOP = 20;
const BOTTOM = 22;
const SIDE = 6;

function svgText(text: string, attributes: Record<string, string | number>): SVGTextElement {
  const created = svgElement('text', attributes);
  created.textContent = text;
  return created;
}

/** One key's weekly values: its title, how a value reads, and how to get it from a week. */
export interface TrendSeries {
  key: string;
  title: string;
  value: (week: DeliveryWeek) => number | null;
  format: (value: number) => string;
}

const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString([], { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A small column chart of one key per week; a week without a value shows as a dash on the baseline. */
export function trendChart(weeks: DeliveryWeek[], series: TrendSeries): HTMLElement {
  const figure = element('figure', undefined, { class: 'trend', 'data-key': series.key });
  const values = weeks.map((week) => series.value(week));
  const max = Math.max(0, ...values.map((value) => value ?? 0));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - 2 * SIDE) / Math.max(weeks.length, 1);
  const spoken = weeks
    .map((week, index) => {
      const value = values[index];
      return `week of ${week.week}: ${value === null || value === undefined ? 'none' : series.format(value)}`;
    })
    .join('; ');
  const svg = svgElement('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img',
    'aria-label': `${series.title}, ${spoken || 'no weeks'}`,
    class: 'chart trend-chart',
  });
  svg.append(
    svgElement('line', { x1: SIDE, x2: WIDTH - SIDE, y1: HEIGHT - BOTTOM, y2: HEIGHT - BOTTOM, class: 'axis' }),
  );
  weeks.forEach((week, index) => {
    const value = values[index] ?? null;
    const x = SIDE + index * slot + slot * 0.15;
    const width = Math.max(slot * 0.7, 1);
    const tooltip = svgElement('title', {});
    tooltip.textContent = `Week of ${week.week}: ${value === null ? 'none' : series.format(value)}`;
    if (value === null) {
      const gap = svgElement('line', {
        x1: x,
        x2: x + width,
        y1: HEIGHT - BOTTOM - 1,
        y2: HEIGHT - BOTTOM - 1,
        class: 'trend-none',
      });
      gap.append(tooltip);
      svg.append(gap);
      return;
    }
    const height = max === 0 ? 0 : Math.max(2, (value / max) * plotHeight);
    const column = svgElement('rect', { x, y: HEIGHT - BOTTOM - height, width, height, rx: 2, class: 'trend-bar' });
    column.append(tooltip);
    svg.append(column);
  });
  // The highest value names the scale; the first and last weeks name the time axis.
  if (max > 0) svg.append(svgText(`max ${series.format(max)}`, { x: SIDE, y: 13, class: 'chart-value' }));
  const first = weeks[0];
  const last = weeks.at(-1);
  if (first) svg.append(svgText(shortDay(first.week), { x: SIDE, y: HEIGHT - 5, class: 'chart-label' }));
  if (last && weeks.length > 1)
    svg.append(
      svgText(shortDay(last.week), { x: WIDTH - SIDE, y: HEIGHT - 5, 'text-anchor': 'end', class: 'chart-label' }),
    );
  const latest = [...values].reverse().find((value) => value !== null && value !== undefined);
  const caption = element('figcaption', series.title);
  caption.append(element('span', latest === undefined || latest === null ? '' : ` · latest ${series.format(latest)}`));
  figure.append(caption, svg);
  return figure;
}

/** The legend of the lead-time parts: a swatch (colour and pattern) and the part's name. */
export function leadTimeLegend(): HTMLElement[] {
  return LEAD_TIME_PARTS.map(({ key, name }) => {
    const item = element('li');
    item.append(
      element('span', undefined, { class: 'swatch lead-part', 'data-part': key, 'aria-hidden': 'true' }),
      name,
    );
    return item;
  });
}

/**
 * One stacked bar per successful release (its lead time split into its parts), scaled to the
 * longest lead time shown, so that bars compare at a glance.
 */
export function leadTimeBars(releases: Release[]): HTMLElement[] {
  const longest = Math.max(0, ...releases.map((release) => release.leadTimeSeconds ?? 0));
  return releases.flatMap((release) => {
    const { parts, leadTimeSeconds } = release;
    if (parts === undefined || leadTimeSeconds === undefined) return [];
    const row = element('li', undefined, { class: 'lead-row', 'data-execution-id': release.executionId });
    const label = element('p', undefined, { class: 'lead-label' });
    label.append(
      element('span', `${when(release.deployedAt)} · ${release.pipeline}`),
      element('strong', duration(leadTimeSeconds)),
    );
    const bar = element('div', undefined, {
      class: 'lead-bar',
      role: 'img',
      'aria-label': `Released ${when(release.deployedAt)} by ${release.pipeline}: lead time ${duration(leadTimeSeconds)}; ${describeParts(parts)}`,
    });
    // The bar's own length is its share of the longest lead time; each part its share of the bar.
    bar.style.width = `${longest === 0 ? 0 : Math.max(2, (leadTimeSeconds / longest) * 100)}%`;
    for (const { key, name } of LEAD_TIME_PARTS) {
      if (parts[key] <= 0) continue;
      const part = element('span', undefined, {
        class: 'lead-part',
        'data-part': key,
        title: `${name}: ${duration(parts[key])}`,
      });
      part.style.flexGrow = String(parts[key]);
      bar.append(part);
    }
    row.append(label, bar);
    return [row];
  });
}
