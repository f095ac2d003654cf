import type { Catalogue } from '@shared/catalogue/catalogue';
import { nameKey } from '@shared/catalogue/name-key';
import { today } from './lib/activity-form';
import { rolesOf, showSignedIn, signedIn } from './lib/auth';
import { getCatalogue, pickFromCatalogue } from './lib/catalogue-picker';
import {
  type DeliveryMetrics,
  type DeliveryScope,
  getDeliveryMetrics,
  getPipelines,
  getReleases,
  type PipelineList,
  putPipeline,
  type ReleaseList,
  refusal,
} from './lib/delivery-api';
import { leadTimeBars, leadTimeLegend, type TrendSeries, trendChart } from './lib/delivery-chart';
import { duration, hours, percent } from './lib/delivery-format';
import { releaseCards } from './lib/delivery-releases';
import { keyTiles } from './lib/delivery-tiles';
import { announce, byId, element, fillSuggestions } from './lib/dom';
import { type Period, periodRange } from './lib/periods';

// Nothing on this page works without a signed-in person: this sends them to sign in first.
const user = await signedIn();
showSignedIn(user);
const isManager = rolesOf(user).includes('manager');

const filters = byId('delivery-filters', HTMLFormElement);
const period = byId('delivery-period', HTMLSelectElement);
const fromField = byId('delivery-from', HTMLInputElement);
const toField = byId('delivery-to', HTMLInputElement);
const pipelineField = byId('delivery-pipeline', HTMLSelectElement);
const status = byId('delivery-status', HTMLElement);
const empty = byId('delivery-empty', HTMLElement);
const keysStatus = byId('keys-status', HTMLElement);
const leadStatus = byId('lead-status', HTMLElement);
const releasesStatus = byId('releases-status', HTMLElement);
const pipelineStatus = byId('pipeline-status', HTMLElement);

function scope(): DeliveryScope {
  const pipeline = pipelineField.value;
  return { from: fromField.value, to: toField.value, ...(pipeline === '' ? {} : { pipeline }) };
}

function showPeriod(): void {
  const range = periodRange(period.value as Period, new Date());
  if (range === undefined) return;
  fromField.value = range.from;
  toField.value = range.to;
}

const TRENDS: TrendSeries[] = [
  { key: 'deployments', title: 'Deployments per week', value: (week) => week.deployments, format: String },
  {
    key: 'lead-time',
    title: 'Median lead time',
    value: (week) => week.leadTimeMedianSeconds,
    format: duration,
  },
  {
    key: 'change-failure-rate',
    title: 'Change failure rate',
    value: (week) => week.changeFailureRate,
    format: percent,
  },
  {
    key: 'recovery',
    title: 'Median recovery time',
    value: (week) => week.recoveryMedianSeconds,
    format: duration,
  },
];

function showMetrics(metrics: DeliveryMetrics): void {
  byId('key-tiles', HTMLElement).replaceChildren(...keyTiles(metrics));
  // A period that runs past today (this quarter) has weeks still to come: they are not zeros.
  const weeks = metrics.weeks.filter((week) => week.week <= today());
  byId('trend', HTMLElement).replaceChildren(...TRENDS.map((series) => trendChart(weeks, series)));
  byId('trend-body', HTMLElement).replaceChildren(
    ...weeks.map((week) => {
      const row = element('tr');
      row.append(
        element('th', week.week, { scope: 'row' }),
        element('td', String(week.deployments), { class: 'number' }),
        element('td', duration(week.leadTimeMedianSeconds), { class: 'number' }),
        element('td', percent(week.changeFailureRate), { class: 'number' }),
        element('td', duration(week.recoveryMedianSeconds), { class: 'number' }),
      );
      return row;
    }),
  );
}

function showLeadTimes(list: ReleaseList): void {
  const deployed = list.releases.filter((release) => release.parts !== undefined);
  byId('lead-bars', HTMLElement).replaceChildren(...leadTimeBars(deployed));
  const failed = list.releases.length - deployed.length;
  announce(
    leadStatus,
    failed === 0
      ? ''
      : `${failed} failed ${failed === 1 ? 'deployment has' : 'deployments have'} no lead time and no bar.`,
  );
  byId('lead-body', HTMLElement).replaceChildren(
    ...deployed.map((release) => {
      const row = element('tr');
      row.append(element('th', `${release.deployedAt.slice(0, 10)} ${release.pipeline}`, { scope: 'row' }));
      for (const seconds of [
        release.parts?.buildAndQat,
        release.parts?.waitingForQc,
        release.parts?.waitingForPmo,
        release.parts?.productionDeploy,
        release.leadTimeSeconds,
      ])
        row.append(element('td', duration(seconds), { class: 'number' }));
      return row;
    }),
  );
}

function showReleases(list: ReleaseList): void {
  const recovering = byId('hours-recovering', HTMLElement);
  recovering.replaceChildren(
    element('strong', `${hours(list.hoursRecovering)} spent recovering`),
    ' (hours recorded in the period with an incident or rollback activity on the pipelines’ projects)',
  );
  for (const project of list.hoursByProject) {
    recovering.append(
      element('br'),
      `${project.project}: ${hours(project.hours)} recorded, of which ${hours(project.hoursRecovering)} recovering`,
    );
  }
  byId('releases', HTMLElement).replaceChildren(
    ...releaseCards(list.releases, {
      manageable: isManager,
      // The tiles, the bars and the cards all change with a mark: read them again, then say what happened.
      changed: (done) => void refresh().then(() => announce(releasesStatus, done, 'success')),
    }),
  );
}

/** Bumped per refresh, so the answers of an older one that arrive late are dropped. */
let generation = 0;

async function refresh(): Promise<void> {
  const current = ++generation;
  const asked = scope();
  if (asked.from === '' || asked.to === '') {
    announce(status, 'Choose a period: both From and To.', 'error');
    return;
  }
  announce(status, 'Loading…');
  const [metrics, releases] = await Promise.allSettled([getDeliveryMetrics(asked), getReleases(asked)]);
  if (current !== generation) return;
  const refused = [metrics, releases].find((answer) => answer.status === 'rejected');
  announce(
    status,
    refused === undefined ? `${asked.from} to ${asked.to}, ${asked.pipeline ?? 'all production pipelines'}.` : '',
  );
  if (metrics.status === 'fulfilled') {
    announce(keysStatus, '');
    showMetrics(metrics.value);
  } else announce(keysStatus, refusal(metrics.reason, 'The four keys could not be read.'), 'error');
  if (releases.status === 'fulfilled') {
    announce(releasesStatus, '');
    showLeadTimes(releases.value);
    showReleases(releases.value);
  } else announce(releasesStatus, refusal(releases.reason, 'The releases could not be read.'), 'error');
  const none =
    metrics.status === 'fulfilled' &&
    releases.status === 'fulfilled' &&
    metrics.value.changeFailureRate.deployments === 0 &&
    releases.value.releases.length === 0;
  empty.hidden = !none;
}

/** The pipelines the person may choose: for managers, with the ones that sent events but have no project. */
function showPipelines(list: PipelineList): void {
  const chosen = pipelineField.value;
  const options = [element('option', 'All production pipelines', { value: '' })];
  for (const setting of list.pipelines) {
    const label = `${setting.pipeline} (${setting.project}${setting.production ? '' : ', not production'})`;
    options.push(element('option', label, { value: setting.pipeline }));
  }
  for (const pipeline of list.unmapped)
    options.push(element('option', `${pipeline} (no project yet)`, { value: pipeline }));
  pipelineField.replaceChildren(...options);
  pipelineField.value = [...pipelineField.options].some((option) => option.value === chosen) ? chosen : '';
  if (!isManager) return;
  byId('pipelines-body', HTMLElement).replaceChildren(
    ...list.pipelines.map((setting) => {
      const row = element('tr', undefined, { 'data-pipeline': setting.pipeline });
      row.append(
        element('th', setting.pipeline, { scope: 'row' }),
        element('td', setting.project),
        element('td', setting.production ? 'yes' : 'no'),
      );
      return row;
    }),
    ...list.unmapped.map((pipeline) => {
      const row = element('tr', undefined, { 'data-pipeline': pipeline });
      row.append(element('th', pipeline, { scope: 'row' }), element('td', 'no project yet'), element('td', '–'));
      return row;
    }),
  );
  fillSuggestions(byId('known-pipelines', HTMLDataListElement), [
    ...list.unmapped,
    ...list.pipelines.map((setting) => setting.pipeline),
  ]);
}

async function loadPipelines(): Promise<void> {
  try {
    showPipelines(await getPipelines());
  } catch (error) {
    announce(status, refusal(error, 'The pipelines could not be read.'), 'error');
  }
}

/** The catalogue project the manager typed (customer and project names, as the picker offers them). */
function projectNamed(catalogue: Catalogue, customer: string, project: string) {
  return catalogue.customers
    .filter((entry) => nameKey(entry.name) === nameKey(customer))
    .flatMap((entry) => entry.projects)
    .find((entry) => nameKey(entry.name) === nameKey(project));
}

async function setUpPipelineForm(): Promise<void> {
  byId('pipelines-section', HTMLElement).hidden = false;
  const form = byId('pipeline-form', HTMLFormElement);
  const customer = byId('map-customer', HTMLInputElement);
  const project = byId('map-project', HTMLInputElement);
  let catalogue: Catalogue | undefined;
  try {
    catalogue = await getCatalogue();
    pickFromCatalogue(catalogue, { customer, project }, { archived: false });
  } catch (error) {
    announce(pipelineStatus, refusal(error, 'The catalogue could not be read.'), 'error');
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void saveMapping(catalogue, form);
  });
}

async function saveMapping(catalogue: Catalogue | undefined, form: HTMLFormElement): Promise<void> {
  const pipeline = byId('map-pipeline', HTMLInputElement).value.trim();
  const customer = byId('map-customer', HTMLInputElement).value.trim();
  const projectName = byId('map-project', HTMLInputElement).value.trim();
  if (pipeline === '' || customer === '' || projectName === '') {
    announce(pipelineStatus, 'Name the pipeline, the customer and the project.', 'error');
    return;
  }
  const project = catalogue === undefined ? undefined : projectNamed(catalogue, customer, projectName);
  if (project === undefined) {
    announce(pipelineStatus, `${customer} has no project ${projectName} in the catalogue.`, 'error');
    return;
  }
  try {
    const production = byId('map-production', HTMLInputElement).checked;
    const saved = await putPipeline(pipeline, { projectId: project.id, production });
    announce(pipelineStatus, `${saved.pipeline} now delivers ${saved.project}.`, 'success');
    form.reset();
    await loadPipelines();
    await refresh();
  } catch (error) {
    announce(pipelineStatus, refusal(error, 'The mapping could not be saved.'), 'error');
  }
}

byId('lead-legend', HTMLElement).replaceChildren(...leadTimeLegend());
period.addEventListener('change', () => {
  if (period.value === 'custom') {
    fromField.focus();
    return;
  }
  showPeriod();
  filters.requestSubmit();
});
// Typing a date makes the period a custom one.
for (const field of [fromField, toField]) field.addEventListener('input', () => (period.value = 'custom'));
pipelineField.addEventListener('change', () => filters.requestSubmit());
filters.addEventListener('submit', (event) => {
  event.preventDefault();
  void refresh();
});

showPeriod();
await loadPipelines();
void refresh();
if (isManager) void setUpPipelineForm();
