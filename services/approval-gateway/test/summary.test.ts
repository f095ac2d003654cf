import { approvalSummary, MAX_SUMMARY_LENGTH } from '../src/approvals/summary';

describe('approvalSummary', () => {
  it('names the decision, the approver and the comment', () => {
    expect(approvalSummary('approve', 'mary@example.com', 'Looks good')).toBe(
      'Approved by mary@example.com via Runway: Looks good',
    );
    expect(approvalSummary('reject', 'mary@example.com', 'Not yet')).toBe(
      'Rejected by mary@example.com via Runway: Not yet',
    );
  });

  it('ends after "Runway" when there is no comment', () => {
    expect(approvalSummary('approve', 'mary@example.com', '   ')).toBe('Approved by mary@example.com via Runway');
  });

  it('keeps a comment on one line', () => {
    expect(approvalSummary('approve', 'a@example.com', 'line one\r\n\tline two')).toBe(
      'Approved by a@example.com via Runway: line one line two',
    );
  });

  it('cuts a long comment so the summary fits CodePipeline’s 512 characters, marking the cut', () => {
    const summary = approvalSummary('approve', `${'a'.repeat(200)}@example.com`, 'x'.repeat(500));

    expect(summary).toHaveLength(MAX_SUMMARY_LENGTH);
    expect(summary.endsWith('x…')).toBe(true);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const summary = approvalSummary('approve', `${'a'.repeat(200)}@example.com`, '😀'.repeat(250));

    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_LENGTH);
    expect(summary).toMatch(/^[^\uD800-\uDFFF]*(?:(?:😀)+…)$/u);
  });
});
