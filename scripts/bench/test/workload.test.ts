import { callerOf } from '@shared/auth/caller-of';
import type { HttpEvent } from '@shared/http/http-handler';
import { roundWeek } from '../../../services/metrics-api/bench/functions.bench';
import { parseWeekId } from '../../../services/metrics-api/src/weeks/iso-week';
import { LOCAL_PEOPLE } from '../../../test-support/people';
import { httpEvent } from '../workload';

const asHttpEvent = (event: ReturnType<typeof httpEvent>) => event as unknown as HttpEvent<unknown>;
const request = { method: 'GET', routeKey: 'GET /weeks/{week}', path: '/weeks/2026-W48' };

describe('the events of the bench', () => {
  it('sign in as the fixture caller, a manager who is also an engineer', () => {
    const caller = callerOf(asHttpEvent(httpEvent({ ...request, signedIn: true })));

    expect(caller).toMatchObject({ name: 'Mary Major', roles: ['engineer', 'manager'] });
  });

  it('sign in as another person with that person’s claims, so a manager can decide the caller’s week', () => {
    const paulo = LOCAL_PEOPLE.find((person) => person.groups.includes('managers'));
    if (paulo === undefined) throw new Error('no seeded manager');

    const caller = callerOf(asHttpEvent(httpEvent({ ...request, signedIn: paulo })));
    const fixtureCaller = callerOf(asHttpEvent(httpEvent({ ...request, signedIn: true })));

    expect(caller).toEqual({ id: paulo.id, email: paulo.email, name: paulo.name, roles: ['manager'] });
    expect(caller.id).not.toBe(fixtureCaller.id);
  });

  it('carry no authorizer context when not signed in', () => {
    expect(() => callerOf(asHttpEvent(httpEvent(request)))).toThrow('Sign-in required');
  });

  it('give every round, and the analysis pass (round 50 000), a real ISO week of its own', () => {
    const weeks = [...Array.from({ length: 60 }, (_, index) => roundWeek(index)), roundWeek(50_000)];

    expect(new Set(weeks).size).toBe(weeks.length);
    for (const week of weeks) expect(parseWeekId(week)).toBeDefined();
    expect(weeks.slice(0, 2)).toEqual(['2025-W01', '2025-W02']);
    expect(roundWeek(52)).toBe('2026-W01');
  });
});
