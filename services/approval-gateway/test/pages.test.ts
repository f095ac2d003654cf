import { createHash } from 'node:crypto';
import { RequestExpiredError } from '../src/approvals/errors';
import { approvalEmail } from '../src/pages/approval-email';
import { formatTime, html, webLink } from '../src/pages/html';
import { PAGE_CSP } from '../src/pages/layout';
import { errorPage } from '../src/pages/outcome-pages';
import { reviewPage } from '../src/pages/review-page';
import { approvalRecord, requestRecord } from './support/records';

const injection = '<script>alert("x")</script>&\'';
const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;';

describe('html template', () => {
  it('escapes every interpolated value, and keeps nested markup', () => {
    expect(html`<p>${injection}</p>${html`<b>${'<i>'}</b>`}`.value).toBe(`<p>${escaped}</p><b>&lt;i&gt;</b>`);
  });

  it('links only to absolute http(s) URLs', () => {
    expect(webLink('https://qat.example.com/x?a=1')).toBe('https://qat.example.com/x?a=1');
    expect(webLink('javascript:alert(1)')).toBeUndefined();
    expect(webLink('data:text/html,hi')).toBeUndefined();
    expect(webLink('/relative')).toBeUndefined();
  });

  it('writes times the same way for every reader', () => {
    expect(formatTime('2026-11-30T20:22:00.000Z')).toBe('2026-11-30 20:22 UTC');
  });
});

describe('approval email', () => {
  const approval = approvalRecord({ customData: injection, externalEntityLink: 'javascript:alert(1)' });
  const email = approvalEmail(approval, 'mary@example.com', 'https://approvals.example.com/approvals/TOKEN');

  it('escapes the custom data in the HTML part and keeps it verbatim in the text part', () => {
    expect(email.html).toContain(escaped);
    expect(email.html).not.toContain('<script>');
    expect(email.text).toContain(injection);
  });

  it('has exactly one link, to the review page, and no unsafe review link', () => {
    expect(email.html.match(/<a /g)).toHaveLength(1);
    expect(email.html).toContain('href="https://approvals.example.com/approvals/TOKEN"');
    expect(email.html).not.toContain('javascript:');
    expect(email.text).not.toContain('javascript:');
  });

  it('is addressed to the approver with a subject naming pipeline and stage', () => {
    expect(email.to).toBe('mary@example.com');
    expect(email.subject).toBe('Approval needed (stakeholder): runway-prod / StakeholderApproval / ApproveRelease');
  });
});

describe('review page', () => {
  const approval = approvalRecord({ customData: injection });
  const page = reviewPage({ approval, request: requestRecord(approval, 'mary@example.com', 'hash') });

  it('escapes the custom data', () => {
    expect(page).toContain(escaped);
    expect(page).not.toContain('<script>');
  });

  it('posts to its own URL with a comment box and the two buttons', () => {
    expect(page).toContain('<form method="post">');
    expect(page).toContain('maxlength="500"');
    expect(page).toContain('name="decision" value="approve"');
    expect(page).toContain('name="decision" value="reject"');
  });

  it('has a style sheet the CSP allows by its hash, and no script', () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');

    expect(PAGE_CSP).toContain(`'sha256-${hash}'`);
    expect(page).not.toMatch(/<script/i);
  });
});

describe('error pages', () => {
  it('tell when the approval expired', () => {
    const page = errorPage({
      statusCode: 410,
      message: '',
      error: new RequestExpiredError('2026-11-30T20:22:00.000Z'),
    });

    expect(page).toContain('expired on 2026-11-30 20:22 UTC');
  });

  it('show an unexpected error without its details', () => {
    const page = errorPage({
      statusCode: 500,
      message: 'Something went wrong',
      error: new Error('secret'),
      requestId: 'r-1',
    });

    expect(page).not.toContain('secret');
    expect(page).toContain('r-1');
  });
});
