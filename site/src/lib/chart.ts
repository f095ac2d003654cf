import type { SummaryGroup } from './api';

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 28;
const LABEL_WIDTH = 180;
const WIDTH = 640;
const VALUE_WIDTH = 70;

/** An SVG element with its attributes (the delivery page's charts draw with it too). */
export function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>) {
  const created = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, String(value));
  return created;
}

function truncate(text: string, max = 24): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A horizontal bar chart of hours per group, as plain SVG (no chart library to
 * bundle). Screen readers get the same numbers from the table beside it.
 */
export function barChart(groups: SummaryGroup[], title: string): SVGSVGElement {
  const height = Math.max(groups.length, 1) * ROW + 8;
  const svg = svgElement('svg', {
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: 'img',
    'aria-label': title,
    class: 'chart',
  });
  const max = Math.max(...groups.map((group) => group.hours), 0);
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  groups.forEach((group, index) => {
    const y = index * ROW + 4;
    const width = max === 0 ? 0 : Math.max(2, (group.hours / max) * barSpace);
    const row = svgElement('g', { 'data-key': group.key });
    const label = svgElement('text', { x: LABEL_WIDTH - 8, y: y + 17, 'text-anchor': 'end', class: 'chart-label' });
    label.textContent = truncate(group.key);
    const bar = svgElement('rect', { x: LABEL_WIDTH, y, width, height: ROW - 8, rx: 3, class: 'chart-bar' });
    const tooltip = svgElement('title', {});
    tooltip.textContent = `${group.key}: ${group.hours} h in ${group.count} records`;
    bar.append(tooltip);
    const value = svgElement('text', { x: LABEL_WIDTH + width + 6, y: y + 17, class: 'chart-value' });
    value.textContent = `${group.hours} h`;
    row.append(label, bar, value);
    svg.append(row);
  });
  return svg;
}
