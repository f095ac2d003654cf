import {
  APPROVERS,
  approvalItems,
  auditItems,
  closeDynamo,
  codePipeline,
  getPage,
  postDecision,
  putApprovalResultCalls,
  startApproval,
} from '@test-support/approval-gateway';

afterAll(() => closeDynamo());

const approvalOf = async (token: string) => (await approvalItems(token)).find((item) => item.sk === 'approval');

describe('concurrent decisions', () => {
  it('lets exactly one of 20 simultaneous POSTs from both approvers reach CodePipeline', async () => {
    const { approval, links } = await startApproval();

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        postDecision(links[index % 2 === 0 ? APPROVERS[0] : APPROVERS[1]], {
          decision: index % 3 === 0 ? 'reject' : 'approve',
        }),
      ),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array.from({ length: 19 }, () => 409)]);
    expect(await putApprovalResultCalls(approval.token)).toHaveLength(1);
    const audit = await auditItems(approval.token);
    expect(audit).toHaveLength(20);
    expect(audit.filter((item) => item.outcome === 'accepted')).toHaveLength(1);
  });
});

describe('CodePipeline answers', () => {
  it('releases the claim on a transient failure, says so, and a retry succeeds', async () => {
    const { approval, links } = await startApproval();
    // More failures than the SDK's own retries (3 attempts), so the approver sees one.
    await codePipeline().failPutApprovalResult({
      token: approval.token,
      error: { code: 'ServiceUnavailableException', status: 503 },
      times: 3,
    });

    const first = await postDecision(links[APPROVERS[0]], { decision: 'approve', comment: 'ship it' });

    expect(first.status).toBe(503);
    expect(first.text).toContain('CodePipeline could not be reached');
    expect(first.text).toContain('value="approve"');
    expect(await approvalOf(approval.token)).toMatchObject({ status: 'pending' });
    expect(await approvalOf(approval.token)).not.toHaveProperty('claimId');

    const retry = await postDecision(links[APPROVERS[0]], { decision: 'approve', comment: 'ship it' });

    expect(retry.status).toBe(200);
    const calls = await putApprovalResultCalls(approval.token);
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((call) => JSON.stringify(call.body))).size).toBe(1);
    const outcomes = (await auditItems(approval.token)).map((item) => item.outcome).sort();
    expect(outcomes).toEqual(['accepted', 'failed']);
  });

  it('closes the request when CodePipeline says the approval is already completed', async () => {
    const { approval, links } = await startApproval();
    await codePipeline().failPutApprovalResult({
      token: approval.token,
      error: { code: 'ApprovalAlreadyCompletedException', status: 400 },
    });

    const post = await postDecision(links[APPROVERS[0]], { decision: 'approve' });
    const later = await getPage(links[APPROVERS[1]]);

    expect(post.status).toBe(409);
    expect(post.text).toContain('already completed');
    expect(later.status).toBe(409);
    expect(await approvalOf(approval.token)).toMatchObject({
      status: 'closed',
      closedReason: 'ApprovalAlreadyCompletedException',
    });
    expect((await auditItems(approval.token)).map((item) => item.outcome)).toEqual(['closed']);
  });

  it('closes the request when CodePipeline no longer accepts the token', async () => {
    const { approval, links } = await startApproval();
    await codePipeline().failPutApprovalResult({
      token: approval.token,
      error: { code: 'InvalidApprovalTokenException', status: 400 },
    });

    const post = await postDecision(links[APPROVERS[1]], { decision: 'reject' });

    expect(post.status).toBe(409);
    expect(post.text).toContain('no longer accepts');
    expect(await approvalOf(approval.token)).toMatchObject({
      status: 'closed',
      closedReason: 'InvalidApprovalTokenException',
    });
  });

  it('recognises its own decision when CodePipeline recorded it but the answer was lost', async () => {
    const { approval, links } = await startApproval();
    await codePipeline().failPutApprovalResult({
      token: approval.token,
      error: { code: 'InternalFailure', status: 500 },
      applied: true,
    });

    const post = await postDecision(links[APPROVERS[0]], { decision: 'approve', comment: 'yes' });

    expect(post.status).toBe(200);
    expect(await approvalOf(approval.token)).toMatchObject({ status: 'approved', decidedBy: APPROVERS[0] });
    expect((await auditItems(approval.token)).map((item) => item.outcome)).toEqual(['accepted']);
  });
});

describe('form input and forgery', () => {
  it.each([
    ['no decision', { comment: 'hello' }],
    ['an unknown decision', { decision: 'maybe' }],
    ['a comment over 500 characters', { decision: 'approve', comment: 'x'.repeat(501) }],
    ['an unexpected field', { decision: 'approve', extra: '1' }],
  ])('answers 400 and shows the form again for %s', async (_label, fields) => {
    const { approval, links } = await startApproval();

    const page = await postDecision(links[APPROVERS[0]], fields);

    expect(page.status).toBe(400);
    expect(page.text).toContain('value="approve"');
    expect(await putApprovalResultCalls(approval.token)).toHaveLength(0);
    expect(await approvalOf(approval.token)).toMatchObject({ status: 'pending' });
  });

  it('refuses a form another site made the browser post', async () => {
    const { approval, links } = await startApproval();
    const link = links[APPROVERS[0]];

    const crossSite = await postDecision(link, { decision: 'approve' }, { 'Sec-Fetch-Site': 'cross-site' });
    const foreignOrigin = await postDecision(link, { decision: 'approve' }, { Origin: 'https://evil.example' });

    expect(crossSite.status).toBe(403);
    expect(foreignOrigin.status).toBe(403);
    expect(crossSite.headers.get('x-frame-options')).toBe('DENY');
    expect(await putApprovalResultCalls(approval.token)).toHaveLength(0);
  });

  it("accepts the page's own post although no-referrer makes the browser send Origin: null", async () => {
    const { links } = await startApproval();

    const page = await postDecision(
      links[APPROVERS[0]],
      { decision: 'approve' },
      { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' },
    );

    expect(page.status).toBe(200);
  });
});
