import { toItem } from '../src/activities/activity';
import { queryInput } from '../src/activities/activity-store';
import { decodeCursor, encodeCursor, planQuery, startKeyAfter } from '../src/activities/query-plan';

const item = toItem({
  id: '4f470ed2-f2f6-8ae5-8f37-2e5c77d3b85f',
  engineer: 'Mary',
  customer: 'Acme',
  project: 'Migration',
  activity: 'Review',
  date: '2026-11-20',
  hours: 1,
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
});

describe('planQuery', () => {
  it('serves an unfiltered list from the byDate index', () => {
    expect(planQuery({})).toEqual({ index: 'byDate', partitionValue: 'activity', filters: {} });
  });

  it('prefers the engineer index and filters the rest', () => {
    expect(planQuery({ customer: 'Acme', engineer: 'Mary', project: 'Migration', from: '2026-01-01' })).toEqual({
      index: 'byEngineer',
      partitionValue: 'Mary',
      from: '2026-01-01',
      filters: { project: 'Migration', customer: 'Acme' },
    });
  });

  it('uses the project index before the customer index', () => {
    expect(planQuery({ customer: 'Acme', project: 'Migration' }).index).toBe('byProject');
  });
});

describe('queryInput', () => {
  it('queries newest first with a key condition for the whole date range', () => {
    const input = queryInput(
      'table',
      planQuery({ customer: 'Acme', from: '2026-01-01', to: '2026-01-31' }),
      undefined,
      26,
    );

    expect(input).toEqual({
      TableName: 'table',
      IndexName: 'byCustomer',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': 'customer', '#sk': 'sortKey' },
      ExpressionAttributeValues: { ':pk': 'Acme', ':from': '2026-01-01', ':to': '2026-01-31#~' },
      ScanIndexForward: false,
      Limit: 26,
    });
  });

  it('names no sort key when there is no date range (DynamoDB rejects unused names)', () => {
    const input = queryInput('table', planQuery({}), undefined, 10);

    expect(input.ExpressionAttributeNames).toEqual({ '#pk': 'kind' });
  });
});

describe('cursors', () => {
  it('round-trips the key to resume after an item', () => {
    const plan = planQuery({ engineer: 'Mary' });
    const cursor = encodeCursor(plan.index, startKeyAfter(plan.index, item));

    expect(decodeCursor(cursor, plan)).toEqual({ id: item.id, sortKey: item.sortKey, engineer: 'Mary' });
  });

  it('refuses a cursor made for another engineer', () => {
    const cursor = encodeCursor('byEngineer', startKeyAfter('byEngineer', item));

    expect(() => decodeCursor(cursor, planQuery({ engineer: 'Bob' }))).toThrow('Invalid request');
  });

  it('refuses a cursor with extra or non-string keys', () => {
    const plan = planQuery({});
    const forged = Buffer.from(JSON.stringify({ i: 'byDate', k: { id: 'x', sortKey: 1, kind: 'activity' } })).toString(
      'base64url',
    );

    expect(() => decodeCursor(forged, plan)).toThrow('Invalid request');
  });
});
