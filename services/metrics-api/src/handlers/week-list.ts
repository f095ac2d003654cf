import { callerOf } from '@shared/auth/caller-of';
import { validationError } from '@shared/errors';
import { httpHandler, json, validatedQuery } from '@shared/http/http-handler';
import validate from '../weeks/generated/week-list-event';
import { listWeeksInState, teamView } from '../weeks/week-service';
import { weekPeople } from '../wiring';
import { API_ERRORS } from './api-handler';

const deps = weekPeople();

/** Managers: `?state=submitted` (what waits for a decision) or `?from=&to=` (the team's weeks). */
export const handler = httpHandler(
  async (event) => {
    const caller = callerOf(event);
    const query = validatedQuery(event);
    if (query.state !== undefined) return json(200, { items: await listWeeksInState(deps, caller, query.state) });
    if (query.from !== undefined && query.to !== undefined) {
      return json(200, await teamView(deps, caller, query.from, query.to));
    }
    throw validationError([{ field: 'state', problem: 'is required unless from and to are given' }]);
  },
  { ...API_ERRORS, validate },
);
