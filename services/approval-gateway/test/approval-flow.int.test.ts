import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { listGatewayDecisions } from '@shared/approvals/approval-audit';
import {
  APPROVERS,
  approvalItems,
  auditItems,
  closeDynamo,
  codePipeline,
  dynamo,
  emailsAbout,
  gatewayLambdaUrl,
  gatewayUrl,
  getPage,
  postDecision,
  publish,
  putApprovalResultCalls,
  reviewLink,
  sampleApproval,
  snsEventFor,
  startApproval,
  table,
} from '@test-support/approval-gateway';
import { invokeReminders } from '../../../test-support/reminders';

afterAll(() => closeDynamo());

describe('notification → email', () => {
  it('emails each approver their own link, with HTML and text parts naming pipeline, stage, custom data and expiry', async () => {
    const { approval, emails, links } = await startApproval();

    expect(emails.map((email) => email.destination.to).sort()).toEqual([[APPROVERS[1]], [APPROVERS[0]]]);
    for (const email of emails) {
      expect(email.from).toBe('runway-approvals@example.com');
      expect(email.subject).toBe(
        `Approval needed (stakeholder): ${approval.pipelineName} / StakeholderApproval / ApproveRelease`,
      );
      for (const part of [email.body.html ?? '', email.body.text ?? '']) {
        expect(part).toContain('Release 2.4.0 passed QAT. Approve to deploy to production.');
        expect(part).not.toContain('[role:');
        expect(part).toContain('5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f');
        expect(part).toContain('Release 2.4.0: faster dashboards');
        expect(part).toContain('ami-0a1b2c3d4e5f67890');
        expect(part).toContain('https://qat.example.com');
        expect(part).toContain(`${approval.expires.slice(0, 10)} ${approval.expires.slice(11, 16)} UTC`);
        expect(part).toContain(`${gatewayUrl()}/approvals/`);
      }
    }
    expect(links[APPROVERS[0]]).not.toBe(links[APPROVERS[1]]);
    expect(links[APPROVERS[0]]).toMatch(/\/approvals\/[A-Za-z0-9_-]{43}$/);
  });

  it('stores only the SHA-256 of each link token, and the execution id resolved with GetPipelineState', async () => {
    const { approval, links } = await startApproval();
    const token = links[APPROVERS[0]].split('/').pop() ?? '';

    const [stored] = await approvalItems(approval.token);
    const everything = JSON.stringify(await dynamo().send(new ScanCommand({ TableName: table() })));

    expect(stored).toMatchObject({ status: 'pending', pipelineExecutionId: approval.executionId });
    expect(everything).not.toContain(token);
    expect(await codePipeline().calls({ operation: 'GetPipelineState', pipeline: approval.pipelineName })).toHaveLength(
      1,
    );
  });

  it('sends nothing again when SNS delivers the same notification twice', async () => {
    const approval = sampleApproval();
    await codePipeline().registerApproval(approval);

    await publish(snsEventFor(approval));
    await publish(snsEventFor(approval));

    expect(await emailsAbout(approval.pipelineName)).toHaveLength(APPROVERS.length);
  });

  it('drops a malformed message without email and without failing the batch', async () => {
    const approval = sampleApproval();
    const event = snsEventFor(approval);
    const good = structuredClone(event.Records[0]);
    const bad = structuredClone(event.Records[0]);
    if (good === undefined || bad === undefined) throw new Error('sample has no record');
    bad.Sns.Message = JSON.stringify({ approval: { pipelineName: `${approval.pipelineName}-bad`, token: 'nope' } });
    await codePipeline().registerApproval(approval);

    const published = await publish({ Records: [bad, good] });

    expect(published.status).toBe(200);
    expect(published.payload).toEqual({ processed: 1, dropped: 1 });
    expect(await emailsAbout(`${approval.pipelineName}-bad`)).toHaveLength(0);
    expect(await emailsAbout(approval.pipelineName)).toHaveLength(APPROVERS.length);
  });

  it('escapes HTML in the custom data, in the email and on the page', async () => {
    const injection = '<script>alert(1)</script><img src=x onerror="alert(2)"> & \'quoted\'';
    const { emails, links } = await startApproval({ customData: `[role:stakeholder] ${injection}` });

    const page = await getPage(links[APPROVERS[0]]);

    for (const html of [emails[0]?.body.html ?? '', page.text]) {
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    }
    expect(emails[0]?.body.text).toContain(injection);
  });
});

describe('GET /approvals/{token}', () => {
  it('renders the review page with its security headers', async () => {
    const { approval, links } = await startApproval();

    const page = await getPage(links[APPROVERS[0]]);

    expect(page.status).toBe(200);
    expect(page.text).toContain(approval.pipelineName);
    expect(page.text).toContain('StakeholderApproval');
    expect(page.text).toContain('ApproveRelease');
    expect(page.text).toContain(APPROVERS[0]);
    expect(page.text).toContain('name="comment"');
    expect(page.text).toContain('value="approve"');
    expect(page.text).toContain('value="reject"');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
  });

  it('changes nothing on GET or HEAD, however often a scanner fetches the link', async () => {
    const { approval, links } = await startApproval();
    const before = await approvalItems(approval.token);

    for (const method of ['GET', 'HEAD', 'GET', 'HEAD'] as const) {
      expect((await getPage(links[APPROVERS[0]], method)).status).toBe(200);
    }
    const head = await getPage(links[APPROVERS[1]], 'HEAD');

    expect(head.text).toBe('');
    expect(await approvalItems(approval.token)).toEqual(before);
    expect(await putApprovalResultCalls(approval.token)).toHaveLength(0);
  });

  it('answers 404 for a tampered, unknown or malformed token', async () => {
    const { links } = await startApproval();
    const link = links[APPROVERS[0]];
    const last = link.at(-1) === 'A' ? 'B' : 'A';

    for (const bad of [`${link.slice(0, -1)}${last}`, `${gatewayUrl()}/approvals/${'x'.repeat(43)}`, `${link}x`]) {
      const page = await getPage(bad);
      expect(page.status).toBe(404);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect((await postDecision(bad, { decision: 'approve' })).status).toBe(404);
    }
  });
});

describe('POST /approvals/{token}', () => {
  it('sends exactly the PutApprovalResult and audits who decided', async () => {
    const { approval, links } = await startApproval();

    const page = await postDecision(links[APPROVERS[0]], { decision: 'approve', comment: '  Looks good  ' });

    expect(page.status).toBe(200);
    expect(page.text).toContain('You approved');
    const calls = await putApprovalResultCalls(approval.token);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toEqual({
      pipelineName: approval.pipelineName,
      stageName: 'StakeholderApproval',
      actionName: 'ApproveRelease',
      token: approval.token,
      result: { status: 'Approved', summary: `Approved by ${APPROVERS[0]} via Runway: Looks good` },
    });
    const [audit] = await auditItems(approval.token);
    expect(audit).toMatchObject({
      recordType: 'decision',
      outcome: 'accepted',
      executionId: approval.executionId,
      approver: APPROVERS[0],
      decision: 'approve',
      comment: 'Looks good',
      sourceIp: '127.0.0.1',
      userAgent: expect.any(String),
      codePipelineResponse: { approvedAt: expect.any(String) },
    });
  });

  it('records a rejection the same way', async () => {
    const { approval, links } = await startApproval();

    const page = await postDecision(links[APPROVERS[1]], { decision: 'reject', comment: 'Not before the freeze ends' });

    expect(page.status).toBe(200);
    expect((await putApprovalResultCalls(approval.token))[0]?.body.result).toEqual({
      status: 'Rejected',
      summary: `Rejected by ${APPROVERS[1]} via Runway: Not before the freeze ends`,
    });
  });

  it('answers 409 with the decision, by whom and when, to a replay of the same form', async () => {
    const { approval, links } = await startApproval();
    await postDecision(links[APPROVERS[0]], { decision: 'approve' });

    const replay = await postDecision(links[APPROVERS[0]], { decision: 'approve' });

    expect(replay.status).toBe(409);
    expect(replay.text).toContain('Already approved');
    expect(replay.text).toContain(APPROVERS[0]);
    expect(replay.text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(await putApprovalResultCalls(approval.token)).toHaveLength(1);
  });

  it('answers 409 to the second approver once the first decided, on the page and on a POST', async () => {
    const { approval, links } = await startApproval();
    await postDecision(links[APPROVERS[0]], { decision: 'reject', comment: 'No' });

    const page = await getPage(links[APPROVERS[1]]);
    const post = await postDecision(links[APPROVERS[1]], { decision: 'approve' });

    for (const response of [page, post]) {
      expect(response.status).toBe(409);
      expect(response.text).toContain(`rejected by <strong>${APPROVERS[0]}</strong>`);
    }
    expect(await putApprovalResultCalls(approval.token)).toHaveLength(1);
    const outcomes = (await auditItems(approval.token)).map((item) => [item.approver, item.outcome]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        [APPROVERS[0], 'accepted'],
        [APPROVERS[1], 'refused'],
      ]),
    );
  });

  it('answers 410 once the approval has expired, even though the item is still there (no TTL locally)', async () => {
    const { approval, links } = await startApproval();
    // Time passes: the request's CodePipeline expiry is now in the past.
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `approval#${approval.token}`, sk: 'approval' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
      }),
    );

    const page = await getPage(links[APPROVERS[0]]);
    const post = await postDecision(links[APPROVERS[0]], { decision: 'approve' });

    expect(page.status).toBe(410);
    expect(post.status).toBe(410);
    expect(post.text).toContain('expired');
    expect(await putApprovalResultCalls(approval.token)).toHaveLength(0);
  });

  it('lets the two-person rule and the next approvers read who approved, and their comment, through listGatewayDecisions', async () => {
    const { approval, links } = await startApproval();
    await postDecision(links[APPROVERS[1]], { decision: 'approve', comment: 'ok' });
    await postDecision(links[APPROVERS[0]], { decision: 'approve' });

    const decisions = await listGatewayDecisions(dynamo(), table(), approval.executionId);

    expect(decisions).toEqual([
      {
        executionId: approval.executionId,
        pipelineName: approval.pipelineName,
        stageName: 'StakeholderApproval',
        actionName: 'ApproveRelease',
        approver: APPROVERS[1],
        decision: 'approve',
        decidedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        comment: 'ok',
      },
    ]);
  });
});

describe('reminders (the schedule, invoked as `npm start` does)', () => {
  it('reminds the approvers of a request made over a day ago, once, and warns everyone on the last day', async () => {
    const { approval } = await startApproval({
      expires: `${new Date(Date.now() + 12 * 3600 * 1000).toISOString().slice(0, 16)}Z`,
    });
    const dayOld = await startApproval();
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `approval#${dayOld.approval.token}`, sk: 'approval' },
        UpdateExpression: 'SET createdAt = :then',
        ExpressionAttributeValues: { ':then': new Date(Date.now() - 25 * 3600 * 1000).toISOString() },
      }),
    );

    await invokeReminders(gatewayLambdaUrl(), process.env.RUNWAY_STAGE ?? 'test');
    await invokeReminders(gatewayLambdaUrl(), process.env.RUNWAY_STAGE ?? 'test');

    const subjects = async (pipelineName: string) =>
      (await emailsAbout(pipelineName))
        .map((email) => `${email.destination.to[0]}: ${email.subject.split(' (')[0]}`)
        .sort();
    expect(await subjects(dayOld.approval.pipelineName)).toEqual(
      [
        `${APPROVERS[0]}: Approval needed`,
        `${APPROVERS[0]}: Reminder: approval needed`,
        `${APPROVERS[1]}: Approval needed`,
        `${APPROVERS[1]}: Reminder: approval needed`,
      ].sort(),
    );
    expect(await subjects(approval.pipelineName)).toEqual(
      [
        `${APPROVERS[0]}: Approval needed`,
        `${APPROVERS[0]}: Last day to approve`,
        `${APPROVERS[1]}: Approval needed`,
        `${APPROVERS[1]}: Last day to approve`,
      ].sort(),
    );
    const reminder = (await emailsAbout(dayOld.approval.pipelineName)).find((email) =>
      email.subject.startsWith('Reminder'),
    );
    expect(reminder && (await getPage(reviewLink(reminder))).status).toBe(200);
  });
});
