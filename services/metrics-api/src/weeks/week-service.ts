import { type Caller, hasRole } from '@shared/auth/caller';
import { fieldError } from '@shared/errors';
import type { Mailer } from '@shared/mail/mailer';
import { NotPermittedError } from '../activities/errors';
import { WeekChangedError } from './errors';
import { parseWeekId, shiftWeek, type WeekId, weekDates, weekOf } from './iso-week';
import type { People, Person } from './people';
import { chooseReminders, type ReminderCandidate } from './reminders';
import { decisionEmail, reminderEmail, submittedEmail, weekLink } from './week-emails';
import type { WeekEntries } from './week-entries';
import {
  type HistoryEntry,
  planTransition,
  type WeekAction,
  type WeekHours,
  type WeekState,
  wrongState,
} from './week-state';
import type { WeekItem, WeekStore } from './week-store';
import { type WeekView, weekView } from './week-view';

/** Where weeks and their records are read and written. */
export interface WeekStorage {
  weeks: WeekStore;
  entries: WeekEntries;
}

/** All the week logic needs from the outside world: storage, the people directory and email. */
export interface WeekDeps extends WeekStorage {
  people: People;
  mailer: Mailer;
  /** Base URL of the site, for the links in emails. */
  siteUrl: string;
  log?: { warn(message: string, details: Record<string, unknown>): void };
}

function managersOnly(caller: Caller, what: string): void {
  if (!hasRole(caller, 'manager')) {
    throw new NotPermittedError(`Only managers can ${what}`, 'role', 'manager is required');
  }
}

/** Who is looking at a week, so the page knows whose it is and what they may do. */
export interface Viewer {
  id: string;
  name: string;
  roles: readonly string[];
}

/** The caller's own week, or (managers only) another engineer's. */
export async function getWeek(
  deps: WeekStorage,
  caller: Caller,
  week: WeekId,
  engineerId = caller.id,
): Promise<WeekView & { viewer: Viewer }> {
  if (engineerId !== caller.id) managersOnly(caller, "read another engineer's week");
  const [record, entries] = await Promise.all([
    deps.weeks.get(engineerId, week),
    deps.entries.ofEngineer(engineerId, week),
  ]);
  const view = weekView(week, engineerId, record, entries);
  return { ...view, viewer: { id: caller.id, name: caller.name, roles: caller.roles } };
}

export interface TransitionInput {
  action: WeekAction;
  week: WeekId;
  /** The engineer whose week it is; the caller for submit. */
  engineerId: string;
  comment?: string;
  now: Date;
}

export interface TransitionResult {
  view: WeekView;
  /** Addresses the step's email went to: the managers for a submit, the engineer for a decision. */
  notified: string[];
}

/** Mail a week step may send: the mailer and the site the links point to. */
export interface WeekMail {
  mailer: Mailer;
  siteUrl: string;
  log?: WeekDeps['log'];
}

/** Tries of a submit whose week took a write between reading it and submitting it. */
const MAX_TRANSITION_TRIES = 5;

const sameHours = (a: WeekHours, b: WeekHours) =>
  a.week === b.week && Object.entries(a.byDate).every(([date, hours]) => (b.byDate[date] ?? 0) === hours);

/**
 * A decision covers what was submitted: the week's revision is still the submitted one (records
 * are frozen while submitted, so it can only differ for a week submitted before revisions were
 * kept), and for an approval its records still add up to the submitted hours.
 */
function assertAsSubmitted(action: WeekAction, week: WeekId, current: WeekItem | undefined, hours: WeekHours): void {
  if (action !== 'approve' && action !== 'reject') return;
  const submitted = current?.submitted;
  const revision = current?.revision ?? 0;
  if (submitted === undefined) throw new WeekChangedError(action, week, 'no submitted revision is recorded');
  if (submitted.revision !== revision) {
    throw new WeekChangedError(action, week, `revision ${revision}, submitted ${submitted.revision}`);
  }
  if (action === 'approve' && !sameHours(hours, submitted.hours)) {
    throw new WeekChangedError(action, week, `${hours.week} h now, ${submitted.hours.week} h submitted`);
  }
}

/**
 * One step of a week's state machine, written conditionally on the state and on the revision it
 * read: of two managers deciding at once exactly one succeeds and the other gets 409, and a
 * record write that lands first makes a submit look again. A submit records the revision and
 * hours it covers and emails the engineer's managers; approve and reject refuse (409) a week
 * that is not what was submitted and record what they decided on; approve, reject and reopen
 * email the engineer.
 */
export async function transitionWeek(
  deps: WeekStorage & Partial<WeekMail> & { people?: People },
  caller: Caller,
  input: TransitionInput,
): Promise<TransitionResult> {
  const plan = planTransition({
    action: input.action,
    actor: caller,
    engineerId: input.engineerId,
    comment: input.comment,
    now: input.now,
  });
  const key = { engineerId: input.engineerId, week: input.week };
  const records = ['submit', 'approve', 'reject'].includes(input.action);
  for (let tries = 0; tries < MAX_TRANSITION_TRIES; tries += 1) {
    const current = await deps.weeks.get(input.engineerId, input.week);
    const state = current?.state ?? 'open';
    if (!plan.from.includes(state)) throw wrongState(input.action, input.week, state);
    const revision = current?.revision ?? 0;
    const entries = await deps.entries.ofEngineer(input.engineerId, input.week);
    const hours = weekView(input.week, input.engineerId, undefined, entries).totals;
    assertAsSubmitted(input.action, input.week, current, hours);
    const step = { ...plan, entry: { ...plan.entry, ...(records ? { revision, hours } : {}) } };
    const submit =
      input.action === 'submit'
        ? { engineer: caller.name, engineerEmail: caller.email, submitted: { revision, hours } }
        : undefined;
    const stored = await deps.weeks.apply(key, step, revision, submit);
    if (stored === undefined) continue;
    const view = weekView(input.week, input.engineerId, stored, entries);
    const notified =
      input.action === 'submit'
        ? await notifyManagers(withPeople(deps), caller, input.week, hours.week)
        : await notifyEngineer(deps, caller, stored, step.entry);
    return { view, notified };
  }
  const current = await deps.weeks.get(input.engineerId, input.week);
  const state = current?.state ?? 'open';
  if (!plan.from.includes(state)) throw wrongState(input.action, input.week, state);
  throw new WeekChangedError(input.action, input.week, 'its records kept changing while it was submitted');
}

/** A submit needs the directory and a mailer; the other steps' functions bundle no directory. */
function withPeople(deps: WeekStorage & Partial<WeekMail> & { people?: People }): WeekDeps {
  const { people, mailer, siteUrl } = deps;
  if (people === undefined || mailer === undefined || siteUrl === undefined) {
    throw new Error('Submitting a week needs the people directory and a mailer');
  }
  return { ...deps, people, mailer, siteUrl };
}

/**
 * Tells the engineer about a manager's decision, at the address they submitted from. The step
 * holds either way; a lost email is logged, and the week page shows the decision.
 */
async function notifyEngineer(
  deps: Partial<WeekMail>,
  manager: Caller,
  stored: WeekItem,
  entry: HistoryEntry,
): Promise<string[]> {
  const { action } = entry;
  if (action !== 'approve' && action !== 'reject' && action !== 'reopen') return [];
  const email = stored.engineerEmail;
  if (deps.mailer === undefined || deps.siteUrl === undefined || email === undefined) {
    deps.log?.warn('decision email not sent', { week: stored.week, reason: 'no mailer or no engineer address' });
    return [];
  }
  const notice = decisionEmail({
    action,
    week: stored.week,
    engineer: { email, name: stored.engineer ?? email },
    manager: manager.name,
    ...(entry.comment === undefined ? {} : { comment: entry.comment }),
    ...(entry.hours === undefined ? {} : { hours: entry.hours, revision: entry.revision }),
    link: weekLink(deps.siteUrl, stored.week),
  });
  try {
    await deps.mailer.send(notice);
    return [email];
  } catch (error) {
    deps.log?.warn('decision email failed', { to: email, error: String(error) });
    return [];
  }
}

async function notifyManagers(deps: WeekDeps, engineer: Caller, week: WeekId, hours: number): Promise<string[]> {
  const managers = await deps.people.managersOf(engineer.id);
  const link = weekLink(deps.siteUrl, week, engineer.id);
  const results = await Promise.allSettled(
    managers.map((manager) => deps.mailer.send(submittedEmail(manager, engineer.name, week, hours, link))),
  );
  // The week is submitted either way (its state is what counts); a lost email is logged, and the
  // week still shows in the managers' pending list.
  results.forEach((result, index) => {
    if (result.status === 'rejected')
      deps.log?.warn('submit email failed', { to: managers[index]?.email, error: String(result.reason) });
  });
  return managers.filter((_, index) => results[index]?.status === 'fulfilled').map((manager) => manager.email);
}

/** A week in a manager's lists. */
export interface WeekSummary {
  engineerId: string;
  engineer: string;
  week: WeekId;
  state: WeekState;
  hours: number;
  updatedAt?: string;
}

/** Weeks waiting in a state (the pending list: `submitted`), oldest week first. Managers only. */
export async function listWeeksInState(deps: WeekStorage, caller: Caller, state: WeekState): Promise<WeekSummary[]> {
  managersOnly(caller, 'list the weeks of the team');
  if (state === 'open') throw fieldError('state', 'open weeks are not listed (every week is open until submitted)');
  const items = await deps.weeks.listByState(state);
  return items.map((item) => ({
    engineerId: item.engineerId,
    engineer: item.engineer ?? '',
    week: item.week,
    state: item.state,
    hours: item.submittedHours ?? 0,
    ...(item.updatedAt === undefined ? {} : { updatedAt: item.updatedAt }),
  }));
}

/** Most weeks one team view covers (about six months). */
export const MAX_TEAM_WEEKS = 27;

export interface TeamView {
  from: WeekId;
  to: WeekId;
  weeks: WeekId[];
  engineers: { engineerId: string; engineer: string; weeks: { week: WeekId; state: WeekState; hours: number }[] }[];
  totals: { week: WeekId; hours: number }[];
}

/** Weeks from `from` to `to` inclusive. */
function weekRange(from: WeekId, to: WeekId): WeekId[] {
  const weeks: WeekId[] = [];
  for (let week = from; week <= to && weeks.length <= MAX_TEAM_WEEKS; week = shiftWeek(week, 1)) weeks.push(week);
  return weeks;
}

/**
 * Every engineer's state and hours per week over a range: one query of the maintained totals (one
 * row per engineer and part of a week, however many records) and one query per decided state,
 * whatever the team's size. Managers only.
 */
export async function teamView(
  deps: WeekStorage & Pick<WeekDeps, 'people'>,
  caller: Caller,
  from: WeekId,
  to: WeekId,
): Promise<TeamView> {
  managersOnly(caller, "see the team's weeks");
  if (parseWeekId(from) === undefined) throw fieldError('from', 'must be a real ISO week');
  if (parseWeekId(to) === undefined) throw fieldError('to', 'must be a real ISO week');
  if (to < from) throw fieldError('to', 'must not be before from');
  const weeks = weekRange(from, to);
  if (weeks.length > MAX_TEAM_WEEKS) throw fieldError('to', `must be at most ${MAX_TEAM_WEEKS} weeks after from`);
  const range = { from, to };
  const [engineers, entries, ...decided] = await Promise.all([
    deps.people.listEngineers(),
    deps.entries.hoursBetween(weekDates(from)[0] ?? '', weekDates(to)[6] ?? ''),
    ...(['submitted', 'approved', 'rejected'] as const).map((state) => deps.weeks.listByState(state, range)),
  ]);
  const states = new Map<string, WeekState>();
  for (const item of decided.flat() as WeekItem[]) states.set(`${item.engineerId} ${item.week}`, item.state);
  const names = new Map<string, string>(engineers.map((person: Person) => [person.id, person.name]));
  const hours = new Map<string, number>();
  for (const entry of entries) {
    if (!names.has(entry.engineerId)) names.set(entry.engineerId, entry.engineer);
    const key = `${entry.engineerId} ${weekOf(entry.date)}`;
    hours.set(key, (hours.get(key) ?? 0) + entry.cents);
  }
  const rows = [...names]
    .sort(([, a], [, b]) => a.localeCompare(b))
    .map(([engineerId, engineer]) => ({
      engineerId,
      engineer,
      weeks: weeks.map((week) => ({
        week,
        state: states.get(`${engineerId} ${week}`) ?? ('open' as const),
        hours: (hours.get(`${engineerId} ${week}`) ?? 0) / 100,
      })),
    }));
  const totals = weeks.map((week, index) => ({
    week,
    hours: rows.reduce((sum, row) => sum + Math.round((row.weeks[index]?.hours ?? 0) * 100), 0) / 100,
  }));
  return { from, to, weeks, engineers: rows, totals };
}

export interface ReminderRun {
  week: WeekId;
  reminded: string[];
}

/**
 * Emails every engineer whose current week has work days (Monday–Friday, up to today) without
 * hours, once per week: the week item is marked before the email goes, so a second run (or a
 * retried invocation) sends nothing again. A failed email is therefore not retried.
 */
export async function sendReminders(deps: WeekDeps, now: Date): Promise<ReminderRun> {
  const today = now.toISOString().slice(0, 10);
  const week = weekOf(today);
  const engineers = await deps.people.listEngineers();
  const candidates: ReminderCandidate[] = await Promise.all(
    engineers.map(async (person) => {
      const [record, entries] = await Promise.all([
        deps.weeks.get(person.id, week),
        deps.entries.ofEngineer(person.id, week),
      ]);
      return {
        person,
        state: record?.state ?? 'open',
        reminded: record?.remindedAt !== undefined,
        datesWithHours: new Set(entries.map((entry) => entry.date)),
      };
    }),
  );
  const reminded: string[] = [];
  for (const { person, missing } of chooseReminders(week, candidates, today)) {
    if (!(await deps.weeks.markReminded(person.id, week, person.name, now.toISOString()))) continue;
    try {
      await deps.mailer.send(reminderEmail(person, week, missing, weekLink(deps.siteUrl, week)));
      reminded.push(person.email);
    } catch (error) {
      deps.log?.warn('reminder email failed', { to: person.email, error: String(error) });
    }
  }
  return { week, reminded };
}
