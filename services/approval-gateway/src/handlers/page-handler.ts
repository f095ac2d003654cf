import type { HtmlHandlerOptions } from '@shared/http/html-handler';
import createHttpError from 'http-errors';
import {
  AlreadyDecidedError,
  type ApprovalError,
  CodePipelineUnavailableError,
  DecisionInProgressError,
  ExecutionEndedError,
  InvalidDecisionError,
  NotAuthorisedError,
  RequestClosedError,
  RequestExpiredError,
  RequestNotFoundError,
} from '../approvals/errors';
import { PAGE_CSP } from '../pages/layout';
import { errorPage } from '../pages/outcome-pages';

type ApprovalErrorClass = abstract new (...args: never[]) => ApprovalError;

/** The HTTP status each error of the approval rules answers with. */
const STATUS: ReadonlyArray<readonly [ApprovalErrorClass, number]> = [
  [InvalidDecisionError, 400],
  [NotAuthorisedError, 403],
  [RequestNotFoundError, 404],
  [AlreadyDecidedError, 409],
  [DecisionInProgressError, 409],
  [RequestClosedError, 409],
  [ExecutionEndedError, 409],
  [RequestExpiredError, 410],
  [CodePipelineUnavailableError, 503],
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
  return createHttpError(status, error.message, { expose: true });
}

/** What every page handler of this service passes to the shared HTML stack. */
export const PAGE_OPTIONS = {
  contentSecurityPolicy: PAGE_CSP,
  errorPage,
  mapError: httpErrorFor,
} as const satisfies HtmlHandlerOptions;
