import { callerOf } from '@shared/auth/caller-of';
import { httpHandler } from '@shared/http/http-handler';
import { discardTimer } from '../timer/timer-service';
import { timerDeps } from '../wiring';
import { API_ERRORS } from './api-handler';

const { timers } = timerDeps();

/** Throws the caller's running timer away; nothing is recorded. */
export const handler = httpHandler(async (event) => {
  await discardTimer(timers, callerOf(event));
  return { statusCode: 204 };
}, API_ERRORS);
