import * as errors from '../src/approvals/errors';
import type { Review } from '../src/approvals/review';
import { httpErrorFor, httpStatusOf } from '../src/handlers/page-handler';

const review = {} as Review;

describe('the HTTP status of each approval error', () => {
  it.each<[string, number, Error]>([
    ['an invalid form', 400, new errors.InvalidDecisionError(['decision'])],
    ['an approver without the role', 403, new errors.NotAuthorisedError('mary@example.com', 'qc')],
    ['an unknown link', 404, new errors.RequestNotFoundError()],
    [
      'an approval already decided',
      409,
      new errors.AlreadyDecidedError('approve', 'mary@example.com', '2026-11-24T10:00:00Z'),
    ],
    ['a decision in progress', 409, new errors.DecisionInProgressError('john@example.com')],
    [
      'a closed request',
      409,
      new errors.RequestClosedError('ApprovalAlreadyCompletedException', '2026-11-24T10:00:00Z'),
    ],
    ['an ended execution', 409, new errors.ExecutionEndedError('Superseded')],
    ['an expired approval', 410, new errors.RequestExpiredError('2026-11-24T10:00:00Z')],
    ['CodePipeline unreachable', 503, new errors.CodePipelineUnavailableError(review)],
  ])('answers %s with %d', (_case, status, error) => {
    expect(httpStatusOf(error)).toBe(status);
    expect(httpErrorFor(error)).toMatchObject({ statusCode: status, message: error.message, expose: true });
  });

  it('leaves any other error as it is, so the page stack answers 500', () => {
    const error = new Error('boom');

    expect(httpStatusOf(error)).toBeUndefined();
    expect(httpErrorFor(error)).toBe(error);
  });
});
