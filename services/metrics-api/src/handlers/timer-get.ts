import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { getTimer } from '../timer/timer-service';
import { timerDeps } from '../wiring';
import { API_ERRORS } from './api-handler';

const { timers, step } = timerDeps();

/** The caller's running timer (`{ timer: null }` when none): the site shows it on every device. */
export const handler = httpHandler(
  async (event) => json(200, { timer: await getTimer(timers, callerOf(event), { now: new Date(), step }) }),
  API_ERRORS,
);
