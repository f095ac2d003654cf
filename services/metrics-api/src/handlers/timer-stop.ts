import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { config } from '../config';
import { MAX_BODY_BYTES } from '../limits';
import validate from '../timer/generated/timer-stop-event';
import { stopTimer } from '../timer/timer-service';
import { catalogueStore, store, timerDeps, weekStore } from '../wiring';
import { API_ERRORS } from './api-handler';

const { timers, step } = timerDeps();

/** Stops the caller's timer and answers the record it created (201), as `POST /activities` would. */
export const handler = httpHandler(
  async (event) => {
    const activity = await stopTimer(callerOf(event), event.body, {
      now: new Date(),
      step,
      timers,
      activities: store,
      weeks: weekStore,
      catalogue: catalogueStore,
      daysAhead: config.plannedDaysAhead,
    });
    return json(201, activity, { Location: `/activities/${activity.id}` });
  },
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
