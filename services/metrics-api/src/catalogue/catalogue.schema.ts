/** Catalogue names: strings arrive trimmed (shared json-body middleware), so a blank name is empty. */
const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const uuid = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;

export const customerInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name },
} as const;

export const projectInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'name'],
  properties: { customerId: uuid, name },
} as const;

/** A rename and (un)archive in one: the whole mutable state of an entry. */
export const entryUpdateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'archived'],
  properties: { name, archived: { type: 'boolean' } },
} as const;

const idPath = { type: 'object', required: ['id'], properties: { id: uuid } } as const;

/** Event-level validators of the catalogue routes, compiled at build time by scripts/compile-schemas.ts. */
export const validators = {
  'customer-create-event': {
    schema: { type: 'object', required: ['body'], properties: { body: customerInputSchema } },
  },
  'project-create-event': {
    schema: { type: 'object', required: ['body'], properties: { body: projectInputSchema } },
  },
  'entry-update-event': {
    schema: {
      type: 'object',
      required: ['body', 'pathParameters'],
      properties: { body: entryUpdateSchema, pathParameters: idPath },
    },
  },
} as const;
