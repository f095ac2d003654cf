import { injectTransactionConflicts } from '@test-support/dynalite-transactions';
import { closeDynamo, newEngineer, storedForEngineer, unique } from './support/api';

// DynamoDB cancels a transaction that meets another on the same item (TransactionConflict) rather
// than queueing it; the local stack's dynalite queues them, so the test asks it to fail some as
// DynamoDB would. An activity write retries four times, then answers busy — never a 500.
afterAll(() => closeDynamo());

const dynamodbUrl = () => {
  const url = process.env.RUNWAY_DYNAMODB_URL;
  if (!url) throw new Error('RUNWAY_DYNAMODB_URL is not set: run integration tests through jest (global setup)');
  return url;
};

interface ErrorBody {
  message: string;
  errors: unknown[];
}

describe('an activity write that keeps meeting other writes on the same rows', () => {
  const engineer = newEngineer('Busy Writer');
  const record = (notes: string) => ({
    customer: unique('Busy Acme'),
    project: 'Platform',
    activity: 'Build',
    date: '2012-05-02',
    hours: 2,
    notes,
  });

  it('answers 503 with Retry-After and writes nothing once its retries are spent', async () => {
    const notes = unique('always conflicting');
    // The first attempt and all four retries meet a conflict.
    await injectTransactionConflicts(dynamodbUrl(), notes, 5);

    const refused = await engineer.postJson<ErrorBody>('/activities', record(notes));

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.json.message).toMatch(/nothing was saved/);
    const stored = await storedForEngineer(engineer.person.name);
    expect(stored.filter((item) => item.notes === notes)).toEqual([]);
  });

  it('saves the record when the conflict clears within the retries', async () => {
    const notes = unique('briefly conflicting');
    await injectTransactionConflicts(dynamodbUrl(), notes, 4);

    const saved = await engineer.postJson('/activities', record(notes));

    expect(saved.status).toBe(201);
    const stored = await storedForEngineer(engineer.person.name);
    expect(stored.filter((item) => item.notes === notes)).toHaveLength(1);
  });
});
