import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { createCustomer } from '../catalogue/catalogue-service';
import validate from '../catalogue/generated/customer-create-event';
import { MAX_BODY_BYTES } from '../limits';
import { catalogueStore } from '../wiring';
import { API_ERRORS } from './api-handler';

/** POST /catalogue/customers (managers). */
export const handler = httpHandler(
  async (event) => {
    const customer = await createCustomer(catalogueStore, callerOf(event), event.body, new Date());
    return json(201, customer, { Location: `/catalogue/customers/${customer.id}` });
  },
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
