import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { MAX_BODY_BYTES } from '../limits';
import validate from '../timer/generated/timer-start-event';
import { startTimer } from '../timer/timer-service';
import { timerDeps } from '../wiring';
import { API_ERRORS } from './api-handler';

const { timers, step } = timerDeps();

export const handler = httpHandler(
  async (event) =>
    json(201, { timer: await startTimer(timers, callerOf(event), event.body, { now: new Date(), step }) }),
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
