import { parseApproverDirectory } from '../../src/approvals/approvers';

describe('approver directory', () => {
  it('gives every pipeline the default list, without duplicates', () => {
    const directory = parseApproverDirectory(' a@example.com, b@example.com ,A@example.com,', '{}');

    expect(directory.approversFor('runway-prod')).toEqual(['a@example.com', 'b@example.com']);
  });

  it('gives a pipeline with its own list that list only', () => {
    const directory = parseApproverDirectory('a@example.com', '{"runway-prod":["cto@example.com"]}');

    expect(directory.approversFor('runway-prod')).toEqual(['cto@example.com']);
    expect(directory.approversFor('runway-qat')).toEqual(['a@example.com']);
  });

  it('has nobody for a pipeline when nothing is configured', () => {
    expect(parseApproverDirectory('', '').approversFor('runway-prod')).toEqual([]);
  });

  it.each([
    ['not-an-address', '{}', /not an email address/],
    ['a@example.com', '{"p": "a@example.com"}', /must be a list/],
    ['a@example.com', '["a@example.com"]', /must be a JSON object/],
    ['a@example.com', '{oops', /not valid JSON/],
    ['a@example.com', '{"p": ["<b>@example.com"]}', /not an email address/],
  ])('refuses a bad configuration at start (%s, %s)', (approvers, perPipeline, problem) => {
    expect(() => parseApproverDirectory(approvers, perPipeline)).toThrow(problem);
  });
});
