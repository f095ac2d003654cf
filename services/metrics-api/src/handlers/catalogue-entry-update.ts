import { callerOf } from '@shared/auth/caller-of';
import { fieldError } from '@shared/errors';
import { httpHandler, json } from '@shared/http/http-handler';
import type { EntryType } from '../catalogue/catalogue';
import { updateEntry } from '../catalogue/catalogue-service';
import validate from '../catalogue/generated/entry-update-event';
import { MAX_BODY_BYTES } from '../limits';
import { catalogueStore } from '../wiring';
import { API_ERRORS } from './api-handler';
import { activityId } from './path';

const TYPES: Record<string, EntryType> = { customers: 'customer', projects: 'project' };

/** PUT /catalogue/customers/{id} | /catalogue/projects/{id} (managers): rename and (un)archive. */
export const handler = httpHandler(
  async (event) => {
    // The route (`PUT /catalogue/projects/{id}`) names the kind of entry.
    const type = TYPES[event.routeKey.split('/').at(-2) ?? ''];
    if (type === undefined) throw fieldError('path', 'must be /catalogue/customers/{id} or /catalogue/projects/{id}');
    return json(
      200,
      await updateEntry(catalogueStore, callerOf(event), type, activityId(event), event.body, new Date()),
    );
  },
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
