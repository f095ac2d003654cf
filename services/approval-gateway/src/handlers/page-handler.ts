import { httpError } from '@shared/errors';
import type { HtmlHandlerOptions } from '@shared/http/html-handler';
import * as errors from '../approvals/errors';
import { PAGE_CSP } from '../pages/layout';
import { errorPage } from '../pages/outcome-pages';

type ApprovalErrorClass = abstract new (...args: never[]) => errors.ApprovalError;

/** The HTTP status each error of the approval rules answers with. */
const STATUS: ReadonlyArray<readonly [ApprovalErrorClass, number]> = [
  [errors.InvalidDecisionError, 400],
  [errors.NotAuthorisedError, 403],
  [errors.OwnChangeError, 403],
  [errors.RequestNotFoundError, 404],
  [errors.AlreadyDecidedError, 409],
  [errors.DecisionInProgressError, 409],
  [errors.RequestClosedError, 409],
  [errors.ExecutionEndedError, 409],
  [errors.RequestExpiredError, 410],
  [errors.CodePipelineUnavailableError, 503],
];

/** The HTTP status of an error of the approval rules; undefined for anything else. */
export function httpStatusOf(error: unknown): number | undefined {
  return STATUS.find(([type]) => error instanceof type)?.[1];
}

/**
 * The HTTP answer to each error of the approval rules; anything else passes through unchanged.
 * Every one is shown, the 503 included: its page says what to do (try again).
 */
export function httpErrorFor(error: unknown): unknown {
  const status = httpStatusOf(error);
  if (status === undefined || !(error instanceof Error)) return error;
  return httpError(status, error.message, { expose: true });
}

/** What every page handler of this service passes to the shared HTML stack. */
export const PAGE_OPTIONS = {
  contentSecurityPolicy: PAGE_CSP,
  errorPage,
  mapError: httpErrorFor,
} as const satisfies HtmlHandlerOptions;
