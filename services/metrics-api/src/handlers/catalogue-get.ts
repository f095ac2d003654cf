import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { readCatalogue } from '../catalogue/catalogue-service';
import { catalogueStore } from '../wiring';
import { API_ERRORS } from './api-handler';

/** GET /catalogue: every customer with its projects, archived ones included (marked). */
export const handler = httpHandler(async (event) => json(200, await readCatalogue(catalogueStore, callerOf(event))), {
  ...API_ERRORS,
});
