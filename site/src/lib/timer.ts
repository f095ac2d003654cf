import type { TimerView } from '../../../services/metrics-api/src/contracts';
import { ApiError, request, requestJson } from './api';
import { announce, byId, element } from './dom';

/** The running timer as the API returns it (GET /timer): the API's own type. */
export type RunningTimer = TimerView;

export interface TimerSubject {
  customer: string;
  project: string;
  activity: string;
  notes?: string;
}

const jsonHeaders = { 'Content-Type': 'application/json' };

export async function currentTimer(): Promise<RunningTimer | null> {
  return (await requestJson<{ timer: RunningTimer | null }>('/timer')).timer;
}

export async function startTimer(subject: TimerSubject): Promise<RunningTimer> {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const body = { ...subject, ...(subject.notes ? {} : { notes: undefined }), timeZone };
  return (
    await requestJson<{ timer: RunningTimer }>('/timer', {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify(body),
    })
  ).timer;
}

export function stopTimer(body: { notes?: string; hours?: number }): Promise<{ hours: number; date: string }> {
  return requestJson('/timer/stop', { method: 'POST', headers: jsonHeaders, body: JSON.stringify(body) });
}

export async function discardTimer(): Promise<void> {
  await request('/timer', { method: 'DELETE' });
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * The timer panel of a page (the #timer-panel section of the timer partial): what runs since when,
 * its notes, Stop and Discard; a timer that ran past midnight asks how many hours to record on
 * the day it started. `changed` runs after a stop or a discard (the page reloads what it shows).
 */
export function timerPanel(changed: () => void = () => {}) {
  const panel = byId('timer-panel', HTMLElement);
  const status = byId('timer-status', HTMLElement);
  let shown: RunningTimer | null = null;
  let tick: ReturnType<typeof setInterval> | undefined;

  function render(timer: RunningTimer | null): void {
    shown = timer;
    clearInterval(tick);
    const body = byId('timer-body', HTMLElement);
    panel.hidden = timer === null;
    if (timer === null) {
      body.replaceChildren();
      return;
    }
    const summary = element('p', undefined, { id: 'timer-summary' });
    summary.append(
      element('strong', `${timer.customer} / ${timer.project} / ${timer.activity}`),
      ` since ${time(timer.startedAt)} on ${timer.startedOn}: `,
      element('span', `${timer.hours} h`, { id: 'timer-hours' }),
    );
    const notesLabel = element('label', 'Notes', { for: 'timer-notes' });
    const notes = element('textarea', undefined, { id: 'timer-notes', rows: '2', maxlength: '2000' });
    notes.value = timer.notes ?? '';
    const parts: HTMLElement[] = [summary, notesLabel, notes];
    if (timer.pastMidnight) {
      const question = element(
        'p',
        `This timer started on ${timer.startedOn} and ran past midnight. How many hours should be recorded on ${timer.startedOn}?`,
        { id: 'timer-question' },
      );
      const hoursLabel = element('label', `Hours on ${timer.startedOn}`, { for: 'timer-record-hours' });
      const hours = element('input', undefined, { id: 'timer-record-hours', inputmode: 'decimal' });
      hours.value = String(timer.untilMidnight);
      parts.push(question, hoursLabel, hours);
    }
    const buttons = element('div', undefined, { class: 'buttons' });
    buttons.append(
      element('button', timer.pastMidnight ? 'Record these hours' : `Stop and record`, {
        type: 'button',
        id: 'timer-stop',
      }),
      element('button', 'Discard timer', { type: 'button', id: 'timer-discard', class: 'secondary' }),
    );
    parts.push(buttons);
    body.replaceChildren(...parts);
    byId('timer-stop', HTMLButtonElement).addEventListener('click', () => void stop());
    byId('timer-discard', HTMLButtonElement).addEventListener('click', () => void discard());
    if (!timer.pastMidnight) tick = setInterval(() => void refresh(), 60_000);
  }

  async function refresh(): Promise<void> {
    try {
      render(await currentTimer());
    } catch (error) {
      announce(status, error instanceof Error ? error.message : 'The timer could not be read.', 'error');
    }
  }

  /** What the stop sends: the notes, and the hours the person named for a timer that ran past midnight. */
  function stopBody(timer: RunningTimer): { notes?: string; hours?: number } | undefined {
    const notes = byId('timer-notes', HTMLTextAreaElement).value.trim();
    const body: { notes?: string; hours?: number } = notes === '' ? {} : { notes };
    if (!timer.pastMidnight) return body;
    const hours = Number(byId('timer-record-hours', HTMLInputElement).value.replace(',', '.'));
    if (!(hours > 0 && hours <= 24)) return undefined;
    return { ...body, hours };
  }

  async function stop(): Promise<void> {
    if (shown === null) return;
    const body = stopBody(shown);
    if (body === undefined) {
      announce(status, 'Hours must be more than 0 and at most 24.', 'error');
      return;
    }
    try {
      const saved = await stopTimer(body);
      render(null);
      announce(status, `Timer stopped: ${saved.hours} h recorded on ${saved.date}.`, 'success');
      changed();
    } catch (error) {
      announce(status, error instanceof Error ? error.message : 'Stopping failed.', 'error');
      // A refusal may mean the timer changed elsewhere (stopped on another device, or past midnight now).
      if (error instanceof ApiError) await refresh();
    }
  }

  async function discard(): Promise<void> {
    try {
      await discardTimer();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        announce(status, error instanceof Error ? error.message : 'Discarding failed.', 'error');
        return;
      }
    }
    render(null);
    announce(status, 'Timer discarded: nothing was recorded.', 'success');
    changed();
  }

  /** Starts a timer on `subject`; a timer already running (here or elsewhere) is shown instead. */
  async function start(subject: TimerSubject): Promise<void> {
    try {
      const timer = await startTimer(subject);
      render(timer);
      announce(status, `Timer started on ${subject.customer} / ${subject.project} / ${subject.activity}.`, 'success');
    } catch (error) {
      announce(status, error instanceof Error ? error.message : 'Starting failed.', 'error');
      await refresh();
    }
  }

  // Another tab or device may have started or stopped it meanwhile.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh();
  });
  return { refresh, start };
}
