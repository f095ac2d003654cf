import { csvCell, toCsv } from '../src/activities/csv';
import { idForKey, parseIdempotencyKey, requestHash } from '../src/activities/idempotency';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+49 30', "'+49 30"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
  ])('writes %j as %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes numbers as they are and missing values as empty cells', () => {
    expect(toCsv(['a', 'b'], [{ a: 1.5, b: undefined }])).toBe('a,b\r\n1.5,\r\n');
  });
});

describe('idempotency', () => {
  const input = { customer: 'C', project: 'P', activity: 'A', date: '2026-01-01', hours: 1 };

  it('derives the same UUID-shaped id from the same caller and key', () => {
    expect(idForKey('mary', 'k1')).toBe(idForKey('mary', 'k1'));
    expect(idForKey('mary', 'k1')).not.toBe(idForKey('mary', 'k2'));
    expect(idForKey('mary', 'k1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('scopes a key to its caller: the same key from two people is two ids', () => {
    expect(idForKey('mary', 'k1')).not.toBe(idForKey('bob', 'k1'));
    expect(idForKey('a:b', 'c')).not.toBe(idForKey('a', 'b:c'));
  });

  it('hashes a request independently of key order', () => {
    const reordered = { hours: 1, date: '2026-01-01', activity: 'A', project: 'P', customer: 'C' };

    expect(requestHash(reordered)).toBe(requestHash(input));
    expect(requestHash({ ...input, hours: 2 })).not.toBe(requestHash(input));
  });

  it('tells apart requests for different people', () => {
    const forMary = { ...input, onBehalfOf: { id: 'm', name: 'Mary' } };

    expect(requestHash(forMary)).not.toBe(requestHash(input));
    expect(requestHash({ ...input, onBehalfOf: { name: 'Mary', id: 'm' } })).toBe(requestHash(forMary));
  });

  it('accepts absent keys and rejects ones with spaces or over 128 characters', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('a'.repeat(128))).toHaveLength(128);
    expect(() => parseIdempotencyKey('a b')).toThrow();
    expect(() => parseIdempotencyKey('a'.repeat(129))).toThrow();
  });
});
