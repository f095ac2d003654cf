import { nextReminder, reminderTimeFromEnv } from '../reminder-schedule';

describe('the local reminder schedule', () => {
  test.each([
    ['Tuesday morning → this Friday 15:00', '2026-12-01T09:00:00Z', '2026-12-04T15:00:00.000Z'],
    ['Friday 14:59 → the same day', '2026-12-04T14:59:00Z', '2026-12-04T15:00:00.000Z'],
    ['Friday 15:00 exactly → a week later', '2026-12-04T15:00:00Z', '2026-12-11T15:00:00.000Z'],
    ['Saturday → next Friday, across the year', '2026-12-26T10:00:00Z', '2027-01-01T15:00:00.000Z'],
  ])('%s', (_story, now, expected) => {
    expect(nextReminder({ weekday: 'FRI', hour: 15 }, new Date(now)).toISOString()).toBe(expected);
  });

  test('weekday and hour come from the environment, checked', () => {
    expect(reminderTimeFromEnv({ RUNWAY_REMINDER_WEEKDAY: 'mon', RUNWAY_REMINDER_HOUR: '9' })).toEqual({
      weekday: 'MON',
      hour: 9,
    });
    expect(() => reminderTimeFromEnv({ RUNWAY_REMINDER_WEEKDAY: 'FRIDAY' })).toThrow('RUNWAY_REMINDER_WEEKDAY');
    expect(() => reminderTimeFromEnv({ RUNWAY_REMINDER_HOUR: '24' })).toThrow('RUNWAY_REMINDER_HOUR');
  });
});
