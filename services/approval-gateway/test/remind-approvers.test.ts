import { remindApprovers } from '../src/approvals/remind-approvers';
import { memoryDirectory, memoryMailer, memoryStore } from './support/memory-store';
import { approvalRecord } from './support/records';

const HOUR = 3600 * 1000;
const created = new Date('2026-11-23T10:00:00.000Z');
const expires = new Date(created.getTime() + 7 * 24 * HOUR);

async function setup(overrides: Parameters<typeof approvalRecord>[0] = {}) {
  const memory = memoryStore();
  const mail = memoryMailer();
  await memory.store.createApproval(
    approvalRecord({
      createdAt: created.toISOString(),
      expiresAt: expires.toISOString(),
      notified: ['mary@example.com', 'john@example.com'],
      ...overrides,
    }),
  );
  let counter = 0;
  const deps = {
    store: memory.store,
    mailer: mail.mailer,
    directory: memoryDirectory(),
    publicBaseUrl: 'https://approvals.example.com',
    newToken: () => `reminder-${++counter}`.padEnd(43, 'x'),
    settings: { remindAfterMs: 24 * HOUR, lastWarningMs: 24 * HOUR },
  };
  const at = (offsetMs: number) => new Date(created.getTime() + offsetMs);
  return { ...memory, ...mail, deps, at };
}

describe('remindApprovers', () => {
  it('sends nothing before the reminder is due', async () => {
    const { deps, sent, at } = await setup();

    expect(await remindApprovers(deps, at(23 * HOUR))).toEqual({ reminded: 0, warned: 0 });
    expect(sent).toEqual([]);
  });

  it('reminds each approver who has not decided once, with a new personal link that works', async () => {
    const { deps, sent, requests, at } = await setup();

    await remindApprovers(deps, at(25 * HOUR));
    await remindApprovers(deps, at(26 * HOUR));

    expect(sent.map((email) => [email.to, email.subject.split(' (')[0]])).toEqual([
      ['mary@example.com', 'Reminder: approval needed'],
      ['john@example.com', 'Reminder: approval needed'],
    ]);
    expect(sent[0]?.text).toContain(`https://approvals.example.com/approvals/${'reminder-1'.padEnd(43, 'x')}`);
    expect([...requests.values()].map((request) => request.approver)).toEqual(['mary@example.com', 'john@example.com']);
  });

  it('warns everyone asked once on the last day, even those already reminded', async () => {
    const { deps, sent, at } = await setup({ reminded: ['mary@example.com', 'john@example.com'] });

    await remindApprovers(deps, at(6 * 24 * HOUR + HOUR));
    await remindApprovers(deps, at(6 * 24 * HOUR + 2 * HOUR));

    expect(sent.map((email) => [email.to, email.subject.split(' (')[0]])).toEqual([
      ['mary@example.com', 'Last day to approve'],
      ['john@example.com', 'Last day to approve'],
    ]);
  });

  it('mails nobody about an approval that is decided, expired, or to someone who lost the role', async () => {
    const decided = await setup({ status: 'approved' });
    await remindApprovers(decided.deps, decided.at(25 * HOUR));
    const expired = await setup();
    await remindApprovers(expired.deps, expired.at(8 * 24 * HOUR));
    const otherRole = await setup({ role: 'pmo' });
    await remindApprovers(otherRole.deps, otherRole.at(25 * HOUR));

    expect([...decided.sent, ...expired.sent, ...otherRole.sent]).toEqual([]);
  });
});
