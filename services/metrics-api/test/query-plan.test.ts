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
    expect(planQuery({})).toEqual({ index: 'byDate', partitionValue: 'activity' });
  });

  it('serves one engineer from the engineerId index and keeps name filters for the records read', () => {
    expect(planQuery({ customer: 'Acme', engineer: 'Mary', engineerId: 'u-1', from: '2026-01-01' })).toEqual({
      index: 'byEngineerId',
      partitionValue: 'u-1',
      from: '2026-01-01',
      names: { customer: 'Acme', engineer: 'Mary' },
    });
  });

  it('serves name filters from the byDate index: the name indexes match exact spellings only', () => {
    expect(planQuery({ customer: 'acme', project: 'MIGRATION' })).toEqual({
      index: 'byDate',
      partitionValue: 'activity',
      names: { customer: 'acme', project: 'MIGRATION' },
    });
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
      IndexName: 'byDate',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': 'kind', '#sk': 'sortKey' },
      ExpressionAttributeValues: { ':pk': 'activity', ':from': '2026-01-01', ':to': '2026-01-31#~' },
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
    const plan = planQuery({ engineerId: 'u-1' });
    const cursor = encodeCursor(plan.index, startKeyAfter(plan.index, { ...item, engineerId: 'u-1' }));

    expect(decodeCursor(cursor, plan)).toEqual({ id: item.id, sortKey: item.sortKey, engineerId: 'u-1' });
  });

  it('refuses a cursor made for another engineer', () => {
    const cursor = encodeCursor('byEngineerId', startKeyAfter('byEngineerId', { ...item, engineerId: 'u-1' }));

    expect(() => decodeCursor(cursor, planQuery({ engineerId: 'u-2' }))).toThrow('Invalid request');
  });

  it('refuses a cursor with extra or non-string keys', () => {
    const plan = planQuery({});
    const forged = Buffer.from(JSON.stringify({ i: 'byDate', k: { id: 'x', sortKey: 1, kind: 'activity' } })).toString(
      'base64url',
    );

    expect(() => decodeCursor(forged, plan)).toThrow('Invalid request');
  });
});
