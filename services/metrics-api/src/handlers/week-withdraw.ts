import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import validate from '../weeks/generated/week-submit-event';
import { transitionWeek } from '../weeks/week-service';
import { weekStorage } from '../wiring';
import { API_ERRORS } from './api-handler';
import { weekParam } from './week-path';

/** The engineer takes back their own submitted week (it is open again, and the step is kept in the history); no body needed. */
export const handler = httpHandler(
  async (event) => {
    const caller = callerOf(event);
    const result = await transitionWeek(weekStorage, caller, {
      action: 'withdraw',
      week: weekParam(event),
      engineerId: caller.id,
      now: new Date(),
    });
    return json(200, result.view);
  },
  { ...API_ERRORS, validate },
);
