import { fieldProblems } from '../src/validation/field-problems';

describe('fieldProblems: ajv errors as one problem per named field', () => {
  test('names the field of each error, below the skipped event level, in the API wording', () => {
    const problems = fieldProblems(
      [
        { instancePath: '/body', keyword: 'required', params: { missingProperty: 'date' } },
        { instancePath: '/body', keyword: 'additionalProperties', params: { additionalProperty: 'engineer' } },
        { instancePath: '/body/customer', keyword: 'minLength', params: { limit: 1 } },
        { instancePath: '/body/notes', keyword: 'minLength', params: { limit: 3 } },
        { instancePath: '/body/hours', keyword: 'maximum', message: 'must be <= 24', params: { limit: 24 } },
        { instancePath: '/body/onBehalfOf/id', keyword: 'type', params: {} },
      ],
      1,
    );

    expect(problems).toEqual([
      { field: 'date', problem: 'is required' },
      { field: 'engineer', problem: 'is not an allowed field' },
      { field: 'customer', problem: 'must not be empty' },
      { field: 'notes', problem: 'must be at least 3 characters' },
      { field: 'hours', problem: 'must be <= 24' },
      { field: 'onBehalfOf.id', problem: 'is invalid' },
    ]);
  });

  test('keeps the first problem of a field, and names the fallback when the error has no path', () => {
    expect(
      fieldProblems([
        { instancePath: '/hours', keyword: 'type', message: 'must be number', params: {} },
        { instancePath: '/hours', keyword: 'minimum', message: 'must be > 0', params: {} },
        { instancePath: '', keyword: 'type', message: 'must be object', params: {} },
      ]),
    ).toEqual([
      { field: 'hours', problem: 'must be number' },
      { field: 'body', problem: 'must be object' },
    ]);
  });
});
