import Ajv from 'ajv';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { loadEvent } from '../../test-support/events';
import { activityInputSchema } from '../src/activities/activity.schema';
import { type EventValidator, type HttpResult, httpHandler, json } from '../src/http/http-handler';

// Read when a handler is built.
process.env.CORS_ALLOWED_ORIGINS = 'https://metrics.example.com';

// The services compile their schemas at build time; here the same schema is compiled in the test.
const validate = new Ajv({ allErrors: true }).compile({
  type: 'object',
  required: ['body'],
  properties: { body: activityInputSchema },
}) as EventValidator<{ body: { customer: string } }>;

const received: unknown[] = [];
const handler = httpHandler(
  async (event) => {
    received.push(event.body);
    return json(201, { customer: event.body.customer });
  },
  {
    jsonBodyMaxBytes: 4096,
    validate,
  },
);

async function post(body: unknown) {
  const event = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
  event.body = JSON.stringify(body);
  const result = (await handler(event, {} as Context)) as HttpResult;
  return { statusCode: result.statusCode, json: JSON.parse(result.body ?? 'null') as Record<string, unknown> };
}

const VALID = { customer: 'Acme', project: 'Portal', activity: 'Development', date: '2026-11-30', hours: 2.5 };

describe('httpHandler with an event validator', () => {
  beforeEach(() => {
    received.length = 0;
  });

  it('passes a valid body to the handler', async () => {
    const response = await post(VALID);

    expect(response.statusCode).toBe(201);
    expect(response.json).toEqual({ customer: 'Acme' });
  });

  it('answers 400 naming each refused field, and never calls the handler', async () => {
    const { customer: _customer, ...withoutCustomer } = VALID;

    const response = await post({ ...withoutCustomer, hours: 'two', colour: 'red' });

    expect(response.statusCode).toBe(400);
    expect(response.json.message).toBe('Invalid request');
    const fields = (response.json.errors as { field: string; problem: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['customer', 'hours', 'colour']));
    expect(response.json.errors).toContainEqual({ field: 'customer', problem: 'is required' });
    expect(response.json.errors).toContainEqual({ field: 'colour', problem: 'is not an allowed field' });
    expect(received).toHaveLength(0);
  });
});
