import {
  AlreadyDecidedError,
  CodePipelineUnavailableError,
  DecisionInProgressError,
  ExecutionEndedError,
  InvalidDecisionError,
  NotAuthorisedError,
  RequestClosedError,
  RequestExpiredError,
  RequestNotFoundError,
} from '../src/approvals/errors';
import type { Review } from '../src/approvals/review';
import { httpErrorFor, httpStatusOf } from '../src/handlers/page-handler';

const review = {} as Review;

describe('the HTTP status of each approval error', () => {
  it.each<[string, number, Error]>([
    ['an invalid form', 400, new InvalidDecisionError(['decision'])],
    ['an approver without the role', 403, new NotAuthorisedError('mary@example.com', 'qc')],
    ['an unknown link', 404, new RequestNotFoundError()],
    [
      'an approval already decided',
      409,
      new AlreadyDecidedError('approve', 'mary@example.com', '2026-11-24T10:00:00Z'),
    ],
    ['a decision in progress', 409, new DecisionInProgressError('john@example.com')],
    ['a closed request', 409, new RequestClosedError('ApprovalAlreadyCompletedException', '2026-11-24T10:00:00Z')],
    ['an ended execution', 409, new ExecutionEndedError('Superseded')],
    ['an expired approval', 410, new RequestExpiredError('2026-11-24T10:00:00Z')],
    ['CodePipeline unreachable', 503, new CodePipelineUnavailableError(review)],
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
