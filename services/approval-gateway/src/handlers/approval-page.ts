import { listGatewayDecisions } from '@shared/approvals/approval-audit';
import { htmlHandler, page } from '@shared/http/html-handler';
import { openReview } from '../approvals/review';
import { documentClient } from '../clients/dynamodb';
import { config } from '../config';
import { reviewPage } from '../pages/review-page';
import { store } from '../wiring';
import { PAGE_OPTIONS } from './page-handler';

/**
 * GET and HEAD /approvals/{token}: reads only, so mail scanners that follow the link change nothing.
 * The page shows the decisions already taken in the same run (the QC one on the PMO page).
 */
export const handler = htmlHandler(async (event) => {
  const review = await openReview(store, event.pathParameters?.token, new Date());
  const executionId = review.approval.pipelineExecutionId;
  const decisions =
    executionId === undefined ? [] : await listGatewayDecisions(documentClient, config.approvalsTable, executionId);
  return page(200, reviewPage(review, undefined, decisions));
}, PAGE_OPTIONS);
