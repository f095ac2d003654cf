import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import validate from '../weeks/generated/week-submit-event';
import { transitionWeek } from '../weeks/week-service';
import { weekDeps } from '../wiring';
import { API_ERRORS } from './api-handler';
import { weekParam } from './week-path';

const deps = weekDeps();

/** The engineer submits their own week; no body needed. */
export const handler = httpHandler(
  async (event) => {
    const caller = callerOf(event);
    const result = await transitionWeek(deps, caller, {
      action: 'submit',
      week: weekParam(event),
      engineerId: caller.id,
      now: new Date(),
    });
    return json(200, { ...result.view, notified: result.notified });
  },
  { ...API_ERRORS, validate },
);
