import type { ActivityInput } from '@shared/activities/activity.schema';
import type { Caller } from '@shared/auth/caller';
import { ownerFor } from '../activities/access';
import type { Activity } from '../activities/activity';
import { createActivity, type WriteContext } from '../activities/activity-service';
import type { ActivityStore } from '../activities/activity-store';
import { NoTimerError, TimerPastMidnightError, TimerRunningError } from './errors';
import type { TimerStart, TimerStop } from './timer.schema';
import { HOUR_MS, hoursToMidnight, localDate, requireTimeZone, roundedHours } from './timer-clock';
import type { TimerStore } from './timer-store';
import type { Timer, TimerView } from './timer-view';

export type { TimerView };

export interface TimerSettings {
  now: Date;
  /** Hours are rounded to a multiple of this (0.25 = quarter hours). */
  step: number;
}

export function viewOf(timer: Timer, { now, step }: TimerSettings): TimerView {
  const { engineerId: _id, ...fields } = timer;
  const started = new Date(timer.startedAt);
  const startedOn = localDate(started, timer.timeZone);
  return {
    ...fields,
    startedOn,
    hours: roundedHours(now.getTime() - started.getTime(), step),
    pastMidnight: localDate(now, timer.timeZone) !== startedOn,
    untilMidnight: roundedHours(hoursToMidnight(started, timer.timeZone) * HOUR_MS, step),
    step,
  };
}

/** The caller's running timer, or null. */
export async function getTimer(timers: TimerStore, caller: Caller, settings: TimerSettings): Promise<TimerView | null> {
  const timer = await timers.get(caller.id);
  return timer === undefined ? null : viewOf(timer, settings);
}

/** Starts the caller's timer; one per person, so a second start (from anywhere) is refused. */
export async function startTimer(
  timers: TimerStore,
  caller: Caller,
  input: TimerStart,
  settings: TimerSettings,
): Promise<TimerView> {
  const owner = ownerFor(caller, undefined);
  const { timeZone, ...fields } = input;
  const timer: Timer = {
    engineerId: owner.id,
    engineer: owner.name,
    ...fields,
    startedAt: settings.now.toISOString(),
    timeZone: requireTimeZone(timeZone ?? 'UTC'),
  };
  if (!(await timers.start(timer))) {
    const running = await timers.get(caller.id);
    throw new TimerRunningError(running?.startedAt ?? 'just now');
  }
  return viewOf(timer, settings);
}

/** Throws the caller's timer away without recording anything. */
export async function discardTimer(timers: TimerStore, caller: Caller): Promise<void> {
  if (!(await timers.discard(caller.id))) throw new NoTimerError();
}

export interface StopContext extends TimerSettings, Omit<WriteContext, 'now'> {
  timers: TimerStore;
  activities: ActivityStore;
}

/**
 * Stops the caller's timer and records it, on the day it started, through the activity write
 * path: the record, its week's gate (a submitted or approved week refuses) and the timer's
 * removal are one transaction, so two stops at once record once. A timer that ran past midnight
 * records only the hours the person names.
 */
export async function stopTimer(caller: Caller, input: TimerStop, context: StopContext): Promise<Activity> {
  const timer = await context.timers.get(caller.id);
  if (timer === undefined) throw new NoTimerError();
  const view = viewOf(timer, context);
  if (view.pastMidnight && input.hours === undefined) throw new TimerPastMidnightError(view.startedOn);
  const notes = input.notes ?? timer.notes;
  const record: ActivityInput = {
    customer: timer.customer,
    project: timer.project,
    activity: timer.activity,
    date: view.startedOn,
    hours: input.hours ?? view.hours,
    ...(notes === undefined || notes === '' ? {} : { notes }),
  };
  const result = await createActivity(context.activities, caller, record, {
    now: context.now,
    daysAhead: context.daysAhead,
    weeks: context.weeks,
    catalogue: context.catalogue,
    alongside: { write: context.timers.stopItem(timer), refusal: () => new NoTimerError() },
  });
  return result.activity;
}
