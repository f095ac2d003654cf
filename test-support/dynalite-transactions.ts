import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import db from 'dynalite/db';
import validations from 'dynalite/validations';

/*
 * dynalite (4.0.0, its latest release) has no TransactWriteItems. This adds it to the local
 * stack's dynalite, built from dynalite's own pieces (its request validation, condition
 * evaluation and single-item writes), with DynamoDB's semantics as far as the week lock needs
 * them: all items' conditions are checked first; if any fails nothing is written and the call
 * fails with TransactionCanceledException and one CancellationReason per item; two operations on
 * one item, or more than 100 items, are a ValidationException. Atomicity comes from running
 * every write (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems) one at a
 * time: no write can fall between a transaction's checks and its writes. Reads are not queued.
 * Unlike DynamoDB, conflicting transactions wait instead of failing with TransactionConflict; a
 * test makes them fail as DynamoDB's would with `injectTransactionConflicts` (below).
 */

/** The test-only operation (X-Amz-Target) that makes the next transactions holding a string conflict. */
const INJECT_TARGET = 'RunwayTest.InjectTransactionConflicts';

/**
 * Makes the next `times` TransactWriteItems whose request holds `match` (a test's unique value) fail
 * as DynamoDB fails a transaction that met another on the same item: TransactionCanceledException,
 * reason TransactionConflict for the first item holding `match`, nothing written.
 */
export async function injectTransactionConflicts(dynamodbUrl: string, match: string, times: number): Promise<void> {
  const response = await fetch(dynamodbUrl, {
    method: 'POST',
    headers: { 'X-Amz-Target': INJECT_TARGET, 'Content-Type': 'application/x-amz-json-1.0' },
    body: JSON.stringify({ match, times }),
  });
  if (response.status !== 200) throw new Error(`Injecting conflicts failed: ${response.status}`);
}

const load = createRequire(__filename);
type Callback = (error: unknown, result?: unknown) => void;
type Action = (store: Store, data: Record<string, unknown>, done: Callback) => void;
interface ItemDb {
  get(key: string, done: (error: (Error & { name: string }) | null, item?: unknown) => void): void;
}
interface Store {
  getTable(name: string, done: (error: unknown, table?: unknown) => void): void;
  getItemDb(name: string): ItemDb;
}
interface DynaliteError {
  statusCode: number;
  body: Record<string, unknown>;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
/** Which single-item operation's validation and write each kind of transaction item uses. */
const OPERATIONS = {
  ConditionCheck: 'deleteItem',
  Put: 'putItem',
  Update: 'updateItem',
  Delete: 'deleteItem',
} as const;
type Kind = keyof typeof OPERATIONS;
const MAX_ITEMS = 100;

const isDynaliteError = (error: unknown): error is DynaliteError =>
  typeof error === 'object' && error !== null && 'statusCode' in error && 'body' in error;

function validation(type: string, message: string): DynaliteError {
  return { statusCode: 400, body: { __type: `com.amazon.coral.validate#${type}`, message } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/x-amz-json-1.0');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const call = <T>(run: (done: (error: unknown, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));

interface Step {
  kind: Kind;
  data: Record<string, unknown>;
  existing: unknown;
}

/** Validates each item as its single-item operation would be, and reads the item it names. */
async function prepare(store: Store, items: Record<string, Record<string, unknown>>[]): Promise<Step[]> {
  const seen = new Set<string>();
  const steps: Step[] = [];
  for (const item of items) {
    const kind = Object.keys(item)[0] as Kind;
    const operation = OPERATIONS[kind];
    if (operation === undefined || Object.keys(item).length !== 1) {
      throw validation(
        'ValidationException',
        'Each TransactItem must have exactly one of ConditionCheck, Put, Update, Delete',
      );
    }
    const { ReturnValuesOnConditionCheckFailure: _ignored, ...request } = item[kind] ?? {};
    const rules = load(`dynalite/validations/${operation}`) as { types: unknown; custom: unknown };
    const data = validations.checkTypes(request, rules.types);
    validations.checkValidations(data, rules.types, rules.custom, store);
    const tableName = String(data.TableName);
    const table = await call((done) => store.getTable(tableName, done));
    const key = db.createKey(data.Key ?? data.Item, table);
    if (seen.has(`${tableName}\u0000${key}`)) {
      throw validation('ValidationException', 'Transaction request cannot include multiple operations on one item');
    }
    seen.add(`${tableName}\u0000${key}`);
    const existing = await new Promise((resolve, reject) =>
      store
        .getItemDb(tableName)
        .get(key, (error, found) =>
          error && error.name !== 'NotFoundError' ? reject(error) : resolve(error ? undefined : found),
        ),
    );
    steps.push({ kind, data, existing });
  }
  return steps;
}

/** DynamoDB's answer to a cancelled transaction: one reason code per item, `None` for the items that were fine. */
function cancelled(res: ServerResponse, codes: string[]): void {
  send(res, 400, {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    CancellationReasons: codes.map((Code) =>
      Code === 'ConditionalCheckFailed' ? { Code, Message: 'The conditional request failed' } : { Code },
    ),
  });
}

/** Conflicts a test asked for: the string a transaction must hold, and how many more to fail. */
type Conflicts = Map<string, number>;

/** The injected conflict this transaction meets, if any (counted down). */
function injectedConflict(conflicts: Conflicts, items: unknown[]): string[] | undefined {
  for (const [match, left] of conflicts) {
    const index = items.findIndex((item) => JSON.stringify(item).includes(match));
    if (index === -1) continue;
    if (left <= 1) conflicts.delete(match);
    else conflicts.set(match, left - 1);
    return items.map((_, position) => (position === index ? 'TransactionConflict' : 'None'));
  }
  return undefined;
}

async function transact(store: Store, req: IncomingMessage, res: ServerResponse, conflicts: Conflicts): Promise<void> {
  try {
    const request = JSON.parse(await readBody(req)) as { TransactItems?: Record<string, Record<string, unknown>>[] };
    const items = request.TransactItems ?? [];
    if (items.length === 0 || items.length > MAX_ITEMS) {
      throw validation('ValidationException', `TransactItems must hold 1 to ${MAX_ITEMS} items`);
    }
    const conflict = injectedConflict(conflicts, items);
    if (conflict !== undefined) {
      cancelled(res, conflict);
      return;
    }
    const steps = await prepare(store, items);
    const codes = steps.map((step) =>
      db.checkConditional(step.data, step.existing) == null ? 'None' : 'ConditionalCheckFailed',
    );
    if (codes.some((code) => code !== 'None')) {
      cancelled(res, codes);
      return;
    }
    for (const step of steps) {
      if (step.kind === 'ConditionCheck') continue;
      const action = load(`dynalite/actions/${OPERATIONS[step.kind]}`) as Action;
      await call((done) => action(store, step.data, done));
    }
    send(res, 200, {});
  } catch (error) {
    if (isDynaliteError(error)) send(res, error.statusCode, error.body);
    else send(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) });
  }
}

/**
 * Starts dynalite with TransactWriteItems: `create` is dynalite's factory, called with dynalite's
 * own store captured (dynalite does not expose it).
 */
export function dynaliteWithTransactions(create: () => Server): Server {
  const original = db.create;
  let store: Store | undefined;
  db.create = (options: unknown) => {
    store = original(options) as Store;
    return store;
  };
  let server: Server;
  try {
    server = create();
  } finally {
    db.create = original;
  }
  const captured = store;
  if (captured === undefined) throw new Error('dynalite did not create its store through dynalite/db');
  const [dynalite] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (dynalite === undefined) throw new Error('dynalite has no request handler');
  server.removeAllListeners('request');
  let queue: Promise<unknown> = Promise.resolve();
  const conflicts: Conflicts = new Map();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers['x-amz-target'] === INJECT_TARGET) {
      void readBody(req).then((text) => {
        const { match, times } = JSON.parse(text) as { match: string; times: number };
        conflicts.set(match, times);
        send(res, 200, {});
      });
      return;
    }
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    if (!WRITES.has(operation)) {
      dynalite(req, res);
      return;
    }
    const run = queue.then(() =>
      operation === 'TransactWriteItems'
        ? transact(captured, req, res, conflicts)
        : new Promise<void>((done) => {
            res.once('close', () => done());
            dynalite(req, res);
          }),
    );
    queue = run.catch(() => undefined);
  });
  return server;
}
