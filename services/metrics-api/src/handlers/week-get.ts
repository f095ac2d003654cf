import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json, validatedQuery } from '@shared/http/http-handler';
import validate from '../weeks/generated/week-get-event';
import { getWeek } from '../weeks/week-service';
import { weekStorage } from '../wiring';
import { API_ERRORS } from './api-handler';
import { weekParam } from './week-path';

export const handler = httpHandler(
  async (event) => {
    const { engineer } = validatedQuery(event);
    return json(200, await getWeek(weekStorage, callerOf(event), weekParam(event), engineer));
  },
  { ...API_ERRORS, validate },
);
