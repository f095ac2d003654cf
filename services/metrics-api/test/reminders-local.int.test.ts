import { localStackEnv } from '@test-support/local-stack';
import { LOCAL_PEOPLE } from '../../../test-support/people';
import { invokeReminders } from '../../../test-support/reminder-schedule';
import { readInbox } from '../../../test-support/ses';

describe('the reminder on the local stack', () => {
  test('invoked as the schedule would, it mails the seeded engineers once, with links to the local site', async () => {
    const lambdaUrl = localStackEnv('RUNWAY_METRICS_API_LAMBDA_URL');
    const functionName = `runway-metrics-api-${process.env.RUNWAY_STAGE ?? 'test'}-onReminderSchedule`;
    const engineers = LOCAL_PEOPLE.filter((person) => person.groups.includes('engineers'));
    const remindersTo = async (email: string) =>
      (await readInbox(localStackEnv('RUNWAY_SES_URL'))).filter(
        (stored) => stored.destination.to.includes(email) && stored.subject.includes('without hours'),
      );

    const first = (await invokeReminders(lambdaUrl, functionName)) as { week: string; reminded: string[] };
    await invokeReminders(lambdaUrl, functionName);

    // The in-memory test tables start empty: every seeded engineer has missing days this week.
    expect(first.reminded.sort()).toEqual(engineers.map((person) => person.email).sort());
    for (const engineer of engineers) {
      const emails = await remindersTo(engineer.email);
      expect(emails).toHaveLength(1);
      expect(emails[0]?.body.text).toMatch(new RegExp(`http://localhost:\\d+/week\\.html\\?week=${first.week}`));
    }
    for (const manager of LOCAL_PEOPLE.filter((person) => !person.groups.includes('engineers'))) {
      expect(await remindersTo(manager.email)).toHaveLength(0);
    }
  });
});
